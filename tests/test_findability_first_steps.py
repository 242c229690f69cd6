"""The shipped first steps for someone being harassed: valid, sourced, offline."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.first_steps import FirstStepsError, parse_first_steps
from app.services.findability import first_steps, first_steps_text


def test_the_shipped_first_steps_load_and_every_step_has_a_source() -> None:
    steps = first_steps()
    titles = [s.title for s in steps.steps]
    assert any("evidence" in t for t in titles)
    assert any("supervisor" in t and "insurer" in t for t in titles)
    assert any("platform" in t for t in titles)
    assert any("police" in t for t in titles)
    assert all(s.references for s in steps.steps)
    text = first_steps_text(steps)
    assert text.count("Source: ") >= len(steps.steps)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": 2}, "format: must be 1"),
        ({"steps": []}, "steps: needs at least one"),
        ({"steps": [{"title": "x", "text": "y"}]}, "references: every step needs a source"),
        ({"reviewed": "yesterday"}, "reviewed: must be a date"),
    ],
)
def test_a_broken_file_names_the_problem(change: dict[str, Any], message: str) -> None:
    import tomllib
    from pathlib import Path

    import app.reports

    path = Path(app.reports.__file__).parent / "findability_first_steps.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    raw.update(change)
    with pytest.raises(FirstStepsError, match=message):
        parse_first_steps(raw)
