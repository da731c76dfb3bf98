"""One module per sub-command; `reader.cli` imports them lazily."""
