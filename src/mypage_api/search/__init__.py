"""Japanese free-word search that is exact: what it finds equals a plain substring scan."""
