"""One module per page kind: each turns the renderer's `Context` into its pages."""
