"""Output in three formats: Rich tables for people, JSON and CSV (never through Rich) for scripts."""
