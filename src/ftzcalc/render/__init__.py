"""Three output formats: Rich tables for people, JSON and CSV (never via Rich) for scripts."""
