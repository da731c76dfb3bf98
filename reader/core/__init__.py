"""Pure pipeline: load -> extract -> segment -> summarize -> export.

Nothing under `reader.core` may import textual (tests/test_layers.py proves it), so the
pipeline runs the same in the CLI, in benchmarks and inside the app's workers.
"""
