"""The shipped wording of the office policy, as the reports load it (the loaders live
in `app.services.shipped`, beside the other shipped data)."""

from __future__ import annotations

from app.services.shipped import (
    CODES_FILE,
    COUNTRIES_FILE,
    WORDING_FILE,
    load_codes,
    load_places,
    load_policy_wording,
    wording_file,
)

__all__ = [
    "CODES_FILE",
    "COUNTRIES_FILE",
    "WORDING_FILE",
    "load_codes",
    "load_places",
    "load_policy_wording",
    "wording_file",
]
