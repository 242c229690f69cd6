from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.checklist import CalVer, PersonaKind, Severity
from app.domain.checklist_parse import ChecklistError, Problem, parse_checklist
from tests.checklist_factory import raw_checklist, raw_item


def problems_of(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(data, "example.toml")
    return caught.value.problems


def test_valid_checklist_loads_with_every_field() -> None:
    checklist = parse_checklist(raw_checklist(), "example.toml")
    assert checklist.id == "example"
    assert checklist.version == CalVer(2026, 11, 0)
    assert checklist.reviewed == date(2026, 11, 20)
    item = checklist.items[0]
    assert item.severity is Severity.HIGH
    assert item.steps == ("Settings", "Privacy", "Turn it off")
    assert item.recommendation_for(PersonaKind.PROFESSIONAL) == "On, with care"
    assert checklist.item("ex-two") is checklist.items[1]


def test_other_persona_falls_back_to_the_personal_recommendation() -> None:
    item = parse_checklist(raw_checklist(), "example.toml").items[0]
    assert item.recommendation_for(PersonaKind.OTHER) == "Off"
    assert item.applies(PersonaKind.OTHER)


def test_misspelt_field_is_named_with_a_suggestion() -> None:
    item = raw_item("ex-one")
    item["severtiy"] = item.pop("severity")
    problems = problems_of(raw_checklist(items=[item]))
    assert any(
        p.item == "ex-one" and p.field == "severtiy" and "did you mean 'severity'" in p.message
        for p in problems
    )


def test_duplicate_item_ids_are_refused() -> None:
    problems = problems_of(raw_checklist(items=[raw_item("ex-one"), raw_item("ex-one")]))
    assert [(p.item, p.field) for p in problems] == [("ex-one", "id")]
    assert "more than one item" in problems[0].message


@pytest.mark.parametrize("version", ["2026.13.0", "26.11.0", "2026-11-0", "2026.11", "v2026.11.0"])
def test_version_must_be_calver(version: str) -> None:
    problems = problems_of(raw_checklist(version=version))
    assert any(p.field == "version" for p in problems)


def test_empty_title_names_item_and_field() -> None:
    problems = problems_of(raw_checklist(items=[raw_item("ex-one", title="   ")]))
    assert [str(p) for p in problems] == ["example.toml: ex-one: title: is empty"]


@pytest.mark.parametrize("link", ["http://example.org/x", "example.org", "https://", "ftp://x"])
def test_link_must_be_https(link: str) -> None:
    problems = problems_of(raw_checklist(items=[raw_item("ex-one", link=link)]))
    assert [(p.item, p.field) for p in problems] == [("ex-one", "link")]
    assert "https://" in problems[0].message


def test_reference_url_must_be_https() -> None:
    item = raw_item("ex-one", references=[{"title": "Old page", "url": "http://x.org"}])
    problems = problems_of(raw_checklist(items=[item]))
    assert [(p.item, p.field) for p in problems] == [("ex-one", "references[1].url")]


def test_missing_recommendation_for_an_applicable_kind() -> None:
    item = raw_item("ex-one", recommendation={"personal": "Off"})
    problems = problems_of(raw_checklist(items=[item]))
    assert [(p.item, p.field) for p in problems] == [("ex-one", "recommendation.professional")]


def test_retired_ids_are_never_reused() -> None:
    problems = problems_of(raw_checklist(retired=["ex-one"]))
    assert any(p.item == "ex-one" and "retired" in p.message for p in problems)


def test_replaced_ids_must_be_retired_and_gone() -> None:
    items = [raw_item("ex-one"), raw_item("ex-two", replaces=["ex-one", "ex-zero"])]
    problems = problems_of(raw_checklist(items=items))
    messages = {p.message for p in problems if p.item == "ex-two"}
    assert "'ex-one' is still an item of this checklist" in messages
    assert "'ex-zero' must also be listed in retired" in messages


def test_replaces_accepted_when_old_id_retired() -> None:
    items = [raw_item("ex-two", replaces=["ex-one"])]
    checklist = parse_checklist(raw_checklist(items=items, retired=["ex-one"]), "example.toml")
    assert checklist.items[0].replaces == ("ex-one",)


def test_changelog_needs_current_version() -> None:
    problems = problems_of(raw_checklist(version="2026.12.0"))
    assert any(p.field == "changelog" and "2026.12.0" in p.message for p in problems)


def test_every_problem_is_reported_at_once() -> None:
    items = [raw_item("ex-one", title=""), raw_item("ex-two", effort=0, severity="urgent")]
    problems = problems_of(raw_checklist(items=items, kind="secret"))
    fields = {(p.item, p.field) for p in problems}
    assert {
        (None, "kind"),
        ("ex-one", "title"),
        ("ex-two", "effort"),
        ("ex-two", "severity"),
    } <= fields


def test_missing_required_fields() -> None:
    item = raw_item("ex-one")
    del item["why"]
    data = raw_checklist(items=[item])
    del data["platform"]
    problems = problems_of(data)
    assert {(p.item, p.field, p.message) for p in problems} == {
        (None, "platform", "is missing"),
        ("ex-one", "why", "is missing"),
    }


def test_wrong_types_get_plain_messages() -> None:
    item = raw_item("ex-one", steps="Settings > Privacy", revision="2", applies_to=["clients"])
    problems = problems_of(raw_checklist(items=[item]))
    by_field = {p.field: p.message for p in problems}
    assert "list of texts" in by_field["steps"]
    assert "whole number" in by_field["revision"]
    assert "'clients' is not a persona kind" in by_field["applies_to"]


def test_calver_orders_numerically() -> None:
    assert CalVer.parse("2026.9.3") < CalVer.parse("2026.10.0") < CalVer.parse("2027.1.0")
    assert str(CalVer.parse("2026.01.2")) == "2026.1.2"
