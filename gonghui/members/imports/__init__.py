"""Member import from the federation's XLSX/CSV template: see `engine` for the rules."""
