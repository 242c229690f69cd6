"""The shipped wording of the office policy (`policy_defaults.toml` beside this module)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from app.domain.policy import PolicyWording, parse_policy_wording

WORDING_FILE = "policy_defaults.toml"


@cache
def load_policy_wording() -> PolicyWording:
    """Parsed once per process; a broken file is a packaging bug and raises at once."""
    text = resources.files("app.reports").joinpath(WORDING_FILE).read_text(encoding="utf-8")
    return parse_policy_wording(tomllib.loads(text), WORDING_FILE)
