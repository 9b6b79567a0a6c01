"""Checks across the knowledge base (IDs, references, audiences, dates, text); they add Problems, never print."""
