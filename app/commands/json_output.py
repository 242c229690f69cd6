"""`--json` for `status`, `warnings`, `accounts list` and `personas list`: one JSON
document on stdout, with `format` (the version of its shape) and `command`. Fields are
only ever added, never renamed or removed; README.md documents them."""

from __future__ import annotations

import json
from typing import Any

JSON_FORMAT = 1


def print_json(command: str, **fields: Any) -> None:
    document = {"format": JSON_FORMAT, "command": command, **fields}
    print(json.dumps(document, indent=2, ensure_ascii=False))
