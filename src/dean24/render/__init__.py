"""Renderers: the report model and its text → Markdown, JSON and Word bytes."""
