"""`python -m kbgen` is the same as `kbgen`."""

from __future__ import annotations

from kbgen.cli import main

if __name__ == "__main__":
    main()
