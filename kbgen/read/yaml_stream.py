"""libyaml's parser events for one text: what kbgen.read.yaml_events builds its data from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

try:  # libyaml is what makes parsing fast; fall back so a missing build still works
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]


def events(text: str) -> Iterator[Any]:
    """libyaml's parser events, one call each (yaml.parse makes two)."""
    parser = _EventLoader(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            yield event
            if type(event) is yaml.StreamEndEvent:
                return
    finally:
        parser.dispose()
