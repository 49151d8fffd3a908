"""Job search (R21): Japanese free-word search that is exact (what it finds equals a plain
substring scan), the search's statements, and its pages kept in memory while exact."""
