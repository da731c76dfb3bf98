"""reader: read the web from a shell, with a linked extractive summary and local notes."""

__version__ = "0.1.0"
