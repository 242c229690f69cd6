from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.checklist import Checklist, PersonaKind, Severity
from app.domain.checklist_parse import parse_checklist
from app.domain.personas import Account, Persona, SecretField
from app.domain.progress import AnswerState, ProgressEvent, item_statuses
from app.domain.separation import (
    AccountFacts,
    fingerprint,
    handles_alike,
    separation_warnings,
)
from tests.checklist_factory import raw_checklist, raw_item

KEY = b"k" * 32
PERSONAL = Persona(1, "Personal", PersonaKind.PERSONAL)
WORK = Persona(2, "Work", PersonaKind.PROFESSIONAL)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def checklist() -> Checklist:
    return parse_checklist(
        raw_checklist(
            items=[
                raw_item("ex-search", title="Hide from search by phone", findability=True),
                raw_item("ex-low", title="Low thing", severity="low"),
            ]
        ),
        "example.toml",
    )


def facts(
    account_id: int, persona: Persona, handle: str, done: tuple[str, ...] = ()
) -> AccountFacts:
    cl = checklist()
    events = [
        ProgressEvent(account_id, cl.id, "2026.11.0", item, 1, AnswerState.DONE, "", T0)
        for item in done
    ]
    return AccountFacts(
        Account(account_id, persona.id, cl.id, handle),
        persona,
        cl,
        item_statuses(cl, events, persona.kind),
    )


def kinds(warnings: list[object]) -> list[str]:
    return [w.kind for w in warnings]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("field", "a", "b"),
    [
        (SecretField.LOGIN_EMAIL, "Jane.Doe@Example.org ", "jane.doe@example.org"),
        (SecretField.LOGIN_EMAIL, "jane+work@example.org", "jane@example.org"),
        (SecretField.PHONE, "+44 7700 900123", "07700-900123"),
        (SecretField.PHONE, "(555) 010-0123", "555.010.0123"),
    ],
)
def test_spellings_of_one_login_share_a_fingerprint(field: SecretField, a: str, b: str) -> None:
    assert fingerprint(KEY, field, a) == fingerprint(KEY, field, b) is not None


def test_fingerprints_differ_by_value_key_and_field() -> None:
    email = fingerprint(KEY, SecretField.LOGIN_EMAIL, "jane@example.org")
    assert email != fingerprint(KEY, SecretField.LOGIN_EMAIL, "sam@example.org")
    assert email != fingerprint(b"other" * 8, SecretField.LOGIN_EMAIL, "jane@example.org")
    assert email is not None and "jane" not in email
    assert fingerprint(KEY, SecretField.PHONE, "12") is None
    assert fingerprint(KEY, SecretField.LOGIN_EMAIL, "  ") is None


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("@jane.doe", "JaneDoe", True),
        ("janedoe", "drjanedoe_lpc", True),
        ("jane_doe", "jane_do3", True),
        ("jane.doe", "Sunrise Counselling", False),
        ("@jd", "@jd_therapy", False),
    ],
)
def test_handles_alike(a: str, b: str, alike: bool) -> None:
    assert handles_alike(a, b) is alike


def test_shared_login_across_sides_is_named_with_both_accounts() -> None:
    mine, page = facts(1, PERSONAL, "@jane", ("ex-search",)), facts(2, WORK, "Sunrise")
    digest = fingerprint(KEY, SecretField.PHONE, "+1 555 010 0123")
    assert digest is not None
    prints = {(1, SecretField.PHONE): digest, (2, SecretField.PHONE): digest}
    [warning] = [w for w in separation_warnings([mine, page], prints) if w.kind == "shared-login"]
    assert warning.accounts == (mine.account, page.account)
    assert "phone number" in warning.title and "@jane" in warning.title
    assert warning.severity is Severity.HIGH


def test_same_login_on_one_side_only_is_not_a_warning() -> None:
    other = Persona(3, "Hobby", PersonaKind.PERSONAL)
    digest = "same"
    prints = {(1, SecretField.LOGIN_EMAIL): digest, (3, SecretField.LOGIN_EMAIL): digest}
    found = separation_warnings(
        [facts(1, PERSONAL, "@a", ("ex-search",)), facts(3, other, "@b", ("ex-search",))], prints
    )
    assert "shared-login" not in kinds(found)


def test_without_keyring_the_comparison_is_said_to_be_skipped() -> None:
    found = separation_warnings(
        [facts(1, PERSONAL, "@a", ("ex-search",)), facts(2, WORK, "B")], None
    )
    assert "not-compared" in kinds(found)
    assert "shared-login" not in kinds(found)


def test_alike_handles_on_both_sides() -> None:
    found = separation_warnings(
        [facts(1, PERSONAL, "@jane.doe", ("ex-search",)), facts(2, WORK, "DrJaneDoe")], {}
    )
    [warning] = [w for w in found if w.kind == "alike-handles"]
    assert warning.title.startswith("Nearly the same name")


def test_findable_personal_account_only_matters_with_a_professional_presence() -> None:
    alone = separation_warnings([facts(1, PERSONAL, "@a")], {})
    assert "findable-personal" not in kinds(alone)
    both = separation_warnings([facts(1, PERSONAL, "@a"), facts(2, WORK, "Sunrise")], {})
    [warning] = [w for w in both if w.kind == "findable-personal"]
    assert warning.details == ("Hide from search by phone",)
    assert warning.accounts[0].handle == "@a"


def test_open_high_severity_items_are_listed_per_account_most_severe_first() -> None:
    found = separation_warnings([facts(1, PERSONAL, "@a"), facts(2, WORK, "Sunrise")], {})
    high = [w for w in found if w.kind == "high-severity-open"]
    assert [w.accounts[0].id for w in high] == [1, 2]
    assert all("Low thing" not in w.details for w in high)
    ranks = [w.severity.rank for w in found]
    assert ranks == sorted(ranks, reverse=True)
    done = separation_warnings(
        [facts(1, PERSONAL, "@a", ("ex-search",)), facts(2, WORK, "S", ("ex-search",))], {}
    )
    assert done == []
