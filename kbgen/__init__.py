"""kbgen: a customer-service knowledge base from YAML, built as static sites."""

from __future__ import annotations

__version__ = "0.1.0"
