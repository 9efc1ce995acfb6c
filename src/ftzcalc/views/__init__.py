"""One module per command: its result as a JSON document, CSV rows and a table report."""
