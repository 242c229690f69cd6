"""The reply library: shipped files valid against the parser and the JSON Schema, filled
in from the practice profile, following the policy stances, and never flagged."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from app.domain.practice import PracticeProfile
from app.domain.replies import (
    PLACEHOLDERS,
    ReplyLibraryError,
    fill,
    fill_situation,
    parse_situation,
    placeholder_values,
)
from app.reports.wording import load_policy_wording
from app.services.replies import load_replies
from app.store.reply_files import load_library

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "replies"
SCHEMA = json.loads((SHIPPED / "schema.json").read_text())
REQUIRED = {
    "friend-request",
    "practice-follow",
    "advice-message",
    "crisis-message",
    "revealing-comment",
    "positive-review",
    "negative-review",
    "fake-review",
    "former-client",
    "relative-contact",
    "tagged-at-office",
}
DEMO = PracticeProfile(
    name="Riverside Counselling",
    clinicians=("Dr. Ana Rivera",),
    phone="+1 555 010 0199",
    email="office@riverside.example",
    website="https://riverside.example",
    emergency_wording="Social media and e-mail are not checked for emergencies. Call 911.",
    crisis_line="988 (call or text)",
)


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def raw_files() -> list[tuple[Path, dict[str, Any]]]:
    return [(p, tomllib.loads(p.read_text("utf-8"))) for p in sorted(SHIPPED.glob("*.toml"))]


def test_the_shipped_library_has_every_situation_the_issue_lists() -> None:
    replies = load_replies(SHIPPED)
    assert replies.problems == ()
    assert set(replies.library.situations) >= REQUIRED


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.toml")), ids=lambda p: p.stem)
def test_each_shipped_file_matches_the_json_schema(path: Path) -> None:
    jsonschema.validate(jsonable(tomllib.loads(path.read_text("utf-8"))), SCHEMA)


def test_every_situation_is_complete_and_sourced() -> None:
    for situation in load_library(SHIPPED).situations.values():
        assert situation.references, situation.id
        assert all(r.checked == date(2026, 12, 1) for r in situation.references), situation.id
        assert situation.never and situation.appointment and situation.guidance
        assert situation.private_reply or situation.private_reply_none
        assert situation.public_reply or situation.public_reply_none
        assert situation.changelog[0].version == situation.version


def test_crisis_reply_carries_the_practices_emergency_wording_and_crisis_line() -> None:
    replies = load_replies(SHIPPED)
    filled = replies.filled("crisis-message", DEMO)
    assert "Social media and e-mail are not checked for emergencies. Call 911." in (
        filled.private_reply
    )
    assert "988 (call or text)" in filled.private_reply
    assert "Riverside Counselling" in filled.private_reply
    bare = replies.filled("crisis-message", PracticeProfile())
    wording = load_policy_wording()
    assert wording.emergency_fallback in bare.private_reply
    assert "{" not in bare.private_reply and "a local crisis line" in bare.private_reply


def test_the_reply_follows_the_stance_the_practice_chose() -> None:
    replies = load_replies(SHIPPED)
    default = replies.filled("friend-request", DEMO)
    assert default.stance == "decline"
    assert "next appointment" not in default.appointment
    mention = replies.filled(
        "friend-request", replace(DEMO, stances={"friend-requests": "decline-and-mention"})
    )
    assert mention.stance == "decline-and-mention"
    assert "you declined the request" in mention.appointment
    crisis = replies.filled(
        "crisis-message", replace(DEMO, stances={"emergencies": "safety-plan-first"})
    )
    assert "safety plan" in crisis.private_reply
    own = replies.filled(
        "friend-request", replace(DEMO, stances={"friend-requests": "We talk about it."})
    )
    assert own.stance is None and own.appointment == default.appointment


def test_contact_line_uses_what_the_profile_has() -> None:
    wording = load_policy_wording()
    assert placeholder_values(DEMO, wording)["contact"] == (
        "call the office on +1 555 010 0199 or e-mail office@riverside.example"
    )
    only_mail = replace(DEMO, phone="")
    assert placeholder_values(only_mail, wording)["contact"] == (
        "e-mail the office at office@riverside.example"
    )
    assert placeholder_values(PracticeProfile(), wording)["contact"] == (
        "call or e-mail the office"
    )


def test_filling_in_is_one_pass_and_runs_no_template_code() -> None:
    values = {"practice": "{contact} {{ 7*7 }} {% for %}", "contact": "SHOULD NOT APPEAR"}
    assert fill("Hello from {practice}", values) == "Hello from {contact} {{ 7*7 }} {% for %}"
    assert fill("{unknown} stays", values) == "{unknown} stays"
    hostile = replace(DEMO, name="{crisis_line}<b>{{ config }}</b>")
    text = load_replies(SHIPPED).filled("advice-message", hostile).private_reply
    assert "{crisis_line}<b>{{ config }}</b>" in text
    assert "988" not in text


def test_every_placeholder_in_the_files_is_known() -> None:
    for path, raw in raw_files():
        parse_situation(raw, str(path))
    assert set(PLACEHOLDERS) == {"practice", "contact", "emergency", "crisis_line", "website"}


def test_a_broken_situation_is_refused_with_every_problem_named() -> None:
    raw = dict(raw_files()[0][1])
    raw.update(id="Bad Id", version="one", where="anywhere", private_reply="Hi {name}")
    raw["colour"] = "red"
    with pytest.raises(ReplyLibraryError) as error:
        parse_situation(raw, "bad.toml")
    text = str(error.value)
    for expected in ("id:", "version:", "where:", "{name} is not a placeholder", "colour:"):
        assert expected in text


def test_a_broken_user_file_does_not_stop_the_library(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("id = 'x\n", encoding="utf-8")
    (tmp_path / "friend-request.toml").write_text(
        (SHIPPED / "friend-request.toml").read_text("utf-8"), encoding="utf-8"
    )
    library = load_library(SHIPPED, tmp_path)
    assert set(library.situations) >= REQUIRED
    assert any("broken.toml: file: is not valid TOML" in p for p in library.problems)
    assert any("already used by" in p for p in library.problems)


def test_a_variant_for_a_stance_the_policy_lacks_is_reported(tmp_path: Path) -> None:
    text = (SHIPPED / "friend-request.toml").read_text("utf-8")
    (tmp_path / "friend-request.toml").write_text(
        text.replace('stance = "decline-and-mention"', 'stance = "ignore-forever"'), "utf-8"
    )
    (tmp_path / "check").mkdir()
    (tmp_path / "check" / "rules.toml").write_text(
        (SHIPPED / "check" / "rules.toml").read_text("utf-8"), "utf-8"
    )
    replies = load_replies(tmp_path)
    assert "friend-request" not in replies.library.situations
    assert any("ignore-forever" in p for p in replies.problems)


def test_no_shipped_reply_is_flagged_for_any_stance_or_profile() -> None:
    replies = load_replies(SHIPPED)
    wording = load_policy_wording()
    checked = 0
    for situation in replies.library.situations.values():
        section = wording.section(situation.policy_section)
        assert section is not None
        for profile in (PracticeProfile(), DEMO):
            for option in section.option_names:
                chosen = replace(profile, stances={section.key: option})
                filled = fill_situation(situation, chosen, wording)
                for text, kind in ((filled.private_reply, "private"), (filled.public_reply, None)):
                    if text:
                        checked += 1
                        findings = replies.check(text, kind, chosen)
                        assert findings == [], (situation.id, option, findings)
    assert checked >= 12
