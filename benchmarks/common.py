"""What every benchmark does with its result."""

from __future__ import annotations

import json
from pathlib import Path


def publish(result: dict | list, markdown: str, json_path: Path | None) -> None:
    """Print the table; write the figures as JSON too when asked (`make measure` reads
    them to write docs/PERFORMANCE.md)."""
    print(markdown)
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(result, indent=2))
