"""The shipped data the reports print from, kept beside `app/reports` as package data:
the policy wording in each language (`policy_defaults.toml`, `policy_defaults.es.toml`,
...), the countries and professions (`countries.toml`) and the registry of codes
(`codes.toml`)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from app.domain.codes import CodeRegistry, parse_codes
from app.domain.guide import Guide, parse_guide
from app.domain.jurisdiction import LANGUAGES, Places, parse_places
from app.domain.policy import (
    PolicyWording,
    PolicyWordingError,
    check_translation,
    parse_policy_wording,
)

DATA_PACKAGE = "app.reports"
WORDING_FILE = "policy_defaults.toml"
COUNTRIES_FILE = "countries.toml"
CODES_FILE = "codes.toml"
GUIDE_FILE = "guide.toml"


def wording_file(language: str) -> str:
    return WORDING_FILE if language == "en" else f"policy_defaults.{language}.toml"


def _load(name: str) -> dict[str, Any]:
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def load_policy_wording(language: str = "en") -> PolicyWording:
    """Parsed once per process; a broken file is a packaging bug and raises at once.
    A translation is checked against the English: same sections, options, defaults."""
    if language not in LANGUAGES:
        raise PolicyWordingError(
            f"'{language}' is not a policy language; choose one of {', '.join(LANGUAGES)}"
        )
    name = wording_file(language)
    wording = parse_policy_wording(_load(name), name)
    if wording.language != language:
        raise PolicyWordingError(f"{name}: 'language' must be {language}")
    if language != "en":
        check_translation(load_policy_wording("en"), wording, name)
    return wording


@cache
def load_places() -> Places:
    return parse_places(_load(COUNTRIES_FILE), COUNTRIES_FILE)


@cache
def load_codes() -> CodeRegistry:
    return parse_codes(_load(CODES_FILE), CODES_FILE, load_places().profession_ids)


@cache
def load_guide() -> Guide:
    """The user guide of Help > User guide… (`guide.toml` beside this module)."""
    text = resources.files(__package__ or "app.services").joinpath(GUIDE_FILE)
    return parse_guide(tomllib.loads(text.read_text(encoding="utf-8")), GUIDE_FILE)
