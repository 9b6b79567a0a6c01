"""Sites from pages: MkDocs builds, search, exports, the swap into place.

With plugin.py, the only code that imports MkDocs.
"""
