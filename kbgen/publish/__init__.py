"""One audience and one language → pages (Markdown), exports and words; never imports MkDocs."""
