"""Messages: threads with employers and partners, and notices from the office."""
