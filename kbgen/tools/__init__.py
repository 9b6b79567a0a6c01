"""Editors' tools over the engine: kbgen diff (and fix)."""
