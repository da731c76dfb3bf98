"""Local SQLite store: articles, notes, highlights, reading progress (never imports textual)."""
