"""Separation analysis: what could tie a personal presence to a professional one.

Compares accounts across personas and names, for each risk, the accounts involved and a
fix. Login e-mails and phone numbers are compared by keyed hash (`fingerprint`): the
database holds only the hashes, and the key lives in the keyring, so the comparison needs
no plain text on disk and the hashes cannot be reversed by guessing without the keyring.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from app.domain.checklist import Checklist, PersonaKind, Severity
from app.domain.personas import Account, Persona, SecretField
from app.domain.progress import ItemStatus, Standing

COMPARED_FIELDS = (SecretField.LOGIN_EMAIL, SecretField.PHONE)
NEAR_HANDLE_RATIO = 0.85
MIN_CONTAINED_HANDLE = 5
"""A handle contained in another (janedoe in drjanedoe_lpc) counts when this long."""


def normalise_secret(field_: SecretField, value: str) -> str:
    """The form in which two spellings of one e-mail or phone number compare equal.

    E-mail: lower case, and a "+tag" before the @ dropped (jane+work@ reaches jane@).
    Phone: digits only, and only the last nine, so "+44 7700 900123" and "07700 900123"
    match (the national and international forms differ in the prefix alone).
    """
    text = value.strip()
    if field_ is SecretField.PHONE:
        digits = re.sub(r"\D", "", text)
        return digits[-9:]
    local, at, domain = text.lower().partition("@")
    return f"{local.split('+', 1)[0]}{at}{domain}"


def fingerprint(key: bytes, field_: SecretField, value: str) -> str | None:
    """HMAC-SHA256 of the normalised value, or None when there is nothing to compare."""
    normal = normalise_secret(field_, value)
    if not normal or (field_ is SecretField.PHONE and len(normal) < 6):
        return None
    message = f"{field_.value}:{normal}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def normalise_handle(handle: str) -> str:
    """@Jane.Doe_, jane-doe and "Jane Doe" all become janedoe."""
    return re.sub(r"[^0-9a-z]", "", handle.lower())


def handles_alike(a: str, b: str) -> bool:
    x, y = normalise_handle(a), normalise_handle(b)
    if not x or not y:
        return False
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    if len(shorter) >= MIN_CONTAINED_HANDLE and shorter in longer:
        return True
    return SequenceMatcher(None, x, y).ratio() >= NEAR_HANDLE_RATIO


@dataclass(frozen=True)
class SeparationWarning:
    title: str
    accounts: tuple[Account, ...]
    fix: str
    severity: Severity
    kind: str
    """A stable name for the kind of risk (shared-login, alike-handles, findable-personal,
    high-severity-open, not-compared), for scripts and icons."""
    details: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AccountFacts:
    """What the analysis knows of one live account."""

    account: Account
    persona: Persona
    checklist: Checklist | None
    statuses: Sequence[ItemStatus]

    @property
    def label(self) -> str:
        platform = self.checklist.platform if self.checklist else self.account.checklist_id
        return f"{platform} {self.account.handle} ({self.persona.name})"


def _professional(facts: AccountFacts) -> bool:
    return facts.persona.kind is PersonaKind.PROFESSIONAL


def _across_sides(facts: Sequence[AccountFacts]) -> Iterable[tuple[AccountFacts, AccountFacts]]:
    """Pairs of accounts, one under a professional persona and one under another kind;
    the personal side first."""
    for a, b in combinations(facts, 2):
        if _professional(a) == _professional(b):
            continue
        yield (b, a) if _professional(a) else (a, b)


def _shared_logins(
    facts: Sequence[AccountFacts], fingerprints: Mapping[tuple[int, SecretField], str]
) -> list[SeparationWarning]:
    warnings: list[SeparationWarning] = []
    for personal, professional in _across_sides(facts):
        for secret in COMPARED_FIELDS:
            mine = fingerprints.get((personal.account.id, secret))
            theirs = fingerprints.get((professional.account.id, secret))
            if mine is None or mine != theirs:
                continue
            what = "login e-mail" if secret is SecretField.LOGIN_EMAIL else "phone number"
            warnings.append(
                SeparationWarning(
                    title=f"The same {what} is behind {personal.label} and {professional.label}",
                    accounts=(personal.account, professional.account),
                    fix=(
                        f"Give the professional account a {what} of its own. Platforms "
                        f"suggest contacts and link accounts that share a {what}, so clients "
                        "may be shown your personal account."
                    ),
                    severity=Severity.HIGH,
                    kind="shared-login",
                )
            )
    return warnings


def _alike_handles(facts: Sequence[AccountFacts]) -> list[SeparationWarning]:
    warnings: list[SeparationWarning] = []
    for personal, professional in _across_sides(facts):
        a, b = personal.account.handle, professional.account.handle
        if not handles_alike(a, b):
            continue
        same = normalise_handle(a) == normalise_handle(b)
        warnings.append(
            SeparationWarning(
                title=(
                    f"{'The same' if same else 'Nearly the same'} name on both sides: "
                    f"{personal.label} and {professional.label}"
                ),
                accounts=(personal.account, professional.account),
                fix=(
                    "Use a personal handle that a client searching for your professional "
                    "name would not find, and change it on the platform."
                ),
                severity=Severity.HIGH if same else Severity.MEDIUM,
                kind="alike-handles",
            )
        )
    return warnings


def _open(status: ItemStatus) -> bool:
    return status.standing is not Standing.REMOVED and not status.is_settled


def _findable_personal(facts: Sequence[AccountFacts]) -> list[SeparationWarning]:
    if not any(_professional(f) for f in facts):
        return []
    warnings: list[SeparationWarning] = []
    for facts_ in facts:
        if _professional(facts_):
            continue
        open_items = [s.item for s in facts_.statuses if _open(s) and s.item and s.item.findability]
        titles = tuple(item.title for item in open_items if item is not None)
        if not titles:
            continue
        warnings.append(
            SeparationWarning(
                title=f"{facts_.label} can still be found or seen by clients",
                accounts=(facts_.account,),
                fix=(
                    "You also have a professional presence. Go through these settings in the "
                    "walkthrough so the personal account cannot be found by your e-mail or "
                    "phone number and is not public."
                ),
                severity=Severity.HIGH,
                kind="findable-personal",
                details=titles,
            )
        )
    return warnings


def _high_severity_open(facts: Sequence[AccountFacts]) -> list[SeparationWarning]:
    warnings: list[SeparationWarning] = []
    for facts_ in facts:
        items = [
            s.item
            for s in facts_.statuses
            if _open(s) and s.item and s.item.severity is Severity.HIGH
        ]
        titles = tuple(item.title for item in items if item is not None)
        if not titles:
            continue
        count = (
            "1 important setting is"
            if len(titles) == 1
            else f"{len(titles)} important settings are"
        )
        warnings.append(
            SeparationWarning(
                title=f"{count} not done on {facts_.label}",
                accounts=(facts_.account,),
                fix="Open the account's walkthrough and go through the settings marked high.",
                severity=Severity.MEDIUM,
                kind="high-severity-open",
                details=titles,
            )
        )
    return warnings


def separation_warnings(
    facts: Sequence[AccountFacts],
    fingerprints: Mapping[tuple[int, SecretField], str] | None,
) -> list[SeparationWarning]:
    """Every warning, the most severe first.

    `fingerprints` maps (account id, field) to the keyed hash of that account's login
    e-mail or phone; None when the keyring is unavailable, in which case the comparison is
    skipped and a warning says so (rather than claiming nothing is shared).
    """
    warnings: list[SeparationWarning] = []
    if fingerprints is None:
        if any(_professional(f) for f in facts) and not all(_professional(f) for f in facts):
            warnings.append(
                SeparationWarning(
                    title="Login e-mails and phone numbers were not compared",
                    accounts=(),
                    fix=(
                        "No working keyring was found, so these details are not kept and "
                        "Tightrope cannot tell whether a personal and a professional account "
                        "share one. Check this yourself, or set up a keyring."
                    ),
                    severity=Severity.LOW,
                    kind="not-compared",
                )
            )
    else:
        warnings.extend(_shared_logins(facts, fingerprints))
    warnings.extend(_alike_handles(facts))
    warnings.extend(_findable_personal(facts))
    warnings.extend(_high_severity_open(facts))
    return sorted(warnings, key=lambda w: -w.severity.rank)
