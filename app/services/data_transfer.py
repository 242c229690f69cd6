"""Export the whole state as one versioned JSON document, and import it again.

Import reads and checks the entire file before anything changes: a malformed, truncated
or hostile file is refused with the problems named, and the database is not touched. A
good file is built into a fresh database beside the current one, which is backed up and
only then replaced, so even a crash half-way leaves the old data in place.

Secrets (login e-mails, phones, recovery notes) are left out of an export unless asked
for; on import they go to the keyring, never to the database.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__
from app.domain.checklist import PersonaKind
from app.domain.personas import PersonaStatus, SecretField
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState
from app.domain.review import ReviewEventKind
from app.domain.separation import COMPARED_FIELDS
from app.domain.settings import SettingError, check_setting, spec_for
from app.domain.text import UnsafeTextError, check_multi_line, check_one_line
from app.services import findability_secrets
from app.services.backup import owning
from app.store.backups import replace_database
from app.store.database import DUMP_COLUMNS, CorruptDatabaseError, Database, default_path
from app.store.instance_lock import InstanceLock
from app.store.paths import ensure_private_dir
from app.store.schema import SCHEMA_VERSION
from app.store.user_files import UserFileError, check_output_path, read_user_file
from app.store.vault import Vault, VaultUnavailable

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

FORMAT_NAME = "tightrope-export"
FORMAT_VERSION = 2
"""2 added `progress_events.until` (put-off dates) and `review_events.how`, and the
review kind "partial". Format 1 files still import: their "later" answers count as put
off for the default week from the day they were given."""
ADDED_IN_FORMAT_2: dict[str, dict[str, Any]] = {
    "progress_events": {"until": None},
    "review_events": {"how": ""},
}
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TEXT = 100_000
MAX_PROBLEMS = 25
_MULTI_LINE_PRACTICE = {"address", "emergency_wording"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


class TransferError(Exception):
    """An export or import that could not be done; nothing was changed."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        super().__init__(message)

    def __str__(self) -> str:
        text = super().__str__()
        if not self.problems:
            return text
        return text + "\n" + "\n".join(f"  {problem}" for problem in self.problems)


# ---------------------------------------------------------------------- export


def export_document(db: Database, vault: Vault | None = None) -> dict[str, Any]:
    """The whole state; secrets only when a `vault` is given (raises VaultUnavailable)."""
    practice = db.practice()
    tables = db.dump()
    tables["settings"] = [
        row for row in tables["settings"] if not _is_local_setting(str(row["key"]))
    ]
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "practice": {
            f.name: (
                list(getattr(practice, f.name))
                if f.name == "clinicians"
                else dict(getattr(practice, f.name))
                if f.name == "stances"
                else getattr(practice, f.name)
            )
            for f in fields(PracticeProfile)
        },
        **tables,
    }
    if vault is not None:
        document["secrets"] = [
            {"account_id": row["id"], "field": secret.value, "value": value}
            for row in tables["accounts"]
            for secret, value in vault.secrets_of(row["id"]).items()
        ]
        document["findability_secrets"] = findability_secrets.export_rows(
            vault, [row["id"] for row in tables["personas"]]
        )
    return document


def _is_local_setting(key: str) -> bool:
    try:
        return spec_for(key).local
    except SettingError:
        return True


def write_private_json(path: Path, document: dict[str, Any]) -> None:
    """Write `document` to `path` (mode 0600) under a temporary name, then rename."""
    path = path.expanduser()
    if path.parent != Path():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        check_output_path(path, "the export")
    except UserFileError as exc:
        raise TransferError(str(exc)) from exc
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def export_to(path: Path, db: Database, vault: Vault | None = None) -> dict[str, Any]:
    try:
        document = export_document(db, vault)
    except VaultUnavailable as exc:
        raise TransferError(
            f"The secrets could not be read, so nothing was exported. {exc}"
        ) from exc
    try:
        write_private_json(path, document)
    except OSError as exc:
        raise TransferError(f"{path} could not be written: {exc.strerror or exc}") from exc
    return document


# ---------------------------------------------------------------------- reading


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key '{key}' appears twice in one object")
        result[key] = value
    return result


def read_document(path: Path) -> Any:
    """Parse the file as strict JSON (no NaN, no duplicate keys, bounded size)."""
    try:
        raw = read_user_file(path, MAX_FILE_BYTES, "a Tightrope export")
    except UserFileError as exc:
        raise TransferError(str(exc)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TransferError(f"{path} is not a text file (not UTF-8)") from exc
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        cut = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated")
        hint = "; the file looks cut short, export it again" if cut else ""
        raise TransferError(f"{path} is not valid JSON at {where}: {exc.msg}{hint}") from exc
    except (ValueError, RecursionError) as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise TransferError(f"{path} cannot be imported: {reason}") from exc


# ---------------------------------------------------------------------- validation


class _TooMany(Exception):
    pass


@dataclass
class _Checker:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany

    def text(
        self,
        where: str,
        value: Any,
        *,
        required: bool = False,
        limit: int = MAX_TEXT,
        multi_line: bool = False,
    ) -> str:
        """Text of at most `limit` characters with no control or bidi-override characters
        (line breaks only where `multi_line`)."""
        if not isinstance(value, str):
            self.add(where, "must be text")
            return ""
        if required and not value.strip():
            self.add(where, "cannot be empty")
        if len(value) > limit:
            self.add(where, f"is longer than {limit} characters")
            return value
        try:
            (check_multi_line if multi_line else check_one_line)(value, "it")
        except UnsafeTextError as exc:
            self.add(where, str(exc).removeprefix("it ").split(";")[0])
        return value

    def integer(self, where: str, value: Any, low: int, high: int = 2**62) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, "must be a whole number")
            return low
        if not low <= value <= high:
            self.add(where, f"must be between {low} and {high}")
        return value

    def choice(self, where: str, value: Any, allowed: list[str]) -> str:
        if value not in allowed:
            self.add(where, f"must be one of {', '.join(allowed)}")
            return allowed[0]
        return str(value)

    def moment(self, where: str, value: Any, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.add(where, "must be a date and time such as 2026-03-01T09:30:00+00:00")
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.add(where, f"'{value[:40]}' is not a date and time")
            return None
        if parsed.tzinfo is None:
            self.add(where, "has no time zone")
            return None
        return parsed.astimezone(UTC).isoformat(timespec="microseconds")

    def rows(
        self, document: dict[str, Any], table: str, version: int = FORMAT_VERSION
    ) -> list[dict[str, Any]]:
        value = document.get(table, [])
        added = ADDED_IN_FORMAT_2.get(table, {}) if version < 2 else {}
        if not isinstance(value, list):
            self.add(table, "must be a list")
            return []
        columns = set(DUMP_COLUMNS[table])
        good: list[dict[str, Any]] = []
        for index, row in enumerate(value):
            where = f"{table}[{index}]"
            if not isinstance(row, dict):
                self.add(where, "must be an object")
                continue
            if added:
                row = {**added, **row}
            missing = sorted(columns - row.keys())
            extra = sorted(row.keys() - columns)
            if missing:
                self.add(where, f"is missing {', '.join(missing)}")
            if extra:
                self.add(where, f"has unknown fields {', '.join(extra)}")
            if not missing and not extra:
                good.append(row)
        return good


@dataclass(frozen=True)
class ImportPlan:
    """A fully checked document, ready to load."""

    practice: PracticeProfile
    tables: dict[str, list[dict[str, Any]]]
    secrets: list[tuple[int, SecretField, str]]
    search_details: tuple[tuple[int, findability_secrets.SearchDetails], ...] = ()
    """Each persona's findability search details (persona id, details), for the keyring."""

    def summary(self) -> str:
        t = self.tables
        return (
            f"{len(t['personas'])} persona(s), {len(t['accounts'])} account(s), "
            f"{len(t['progress_events'])} answer(s), {len(t['review_events'])} review event(s)"
            + (f", {len(self.secrets)} secret(s)" if self.secrets else "")
        )


_TOP_KEYS = {
    "format",
    "format_version",
    "exported_at",
    "app_version",
    "schema_version",
    "practice",
    "secrets",
    "findability_secrets",
    *DUMP_COLUMNS,
}


def validate_document(document: Any) -> ImportPlan:
    """Check everything; raise TransferError listing the problems (at most MAX_PROBLEMS)."""
    check = _Checker()
    try:
        plan = _validate(document, check)
    except _TooMany:
        plan = None
    if check.problems or plan is None:
        more = " (only the first ones are shown)" if len(check.problems) >= MAX_PROBLEMS else ""
        raise TransferError(
            f"The file cannot be imported; nothing was changed. Problems{more}:", check.problems
        )
    return plan


def _validate(document: Any, check: _Checker) -> ImportPlan | None:
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        check.add("file", 'is not a Tightrope export (it has no "format": "tightrope-export")')
        return None
    version = document.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        check.add(
            "format_version",
            f"is {version}: the file was made by a newer Tightrope; install that version",
        )
        return None
    if isinstance(version, bool) or version not in (1, FORMAT_VERSION):
        check.add("format_version", f"must be 1 or {FORMAT_VERSION}")
        return None
    for key in sorted(document.keys() - _TOP_KEYS):
        check.add(key, "is not part of a Tightrope export")

    practice = _practice(document.get("practice", {}), check)
    tables = {table: check.rows(document, table, version) for table in DUMP_COLUMNS}
    _personas(tables["personas"], check)
    persona_ids = {row["id"] for row in tables["personas"]}
    _accounts(tables["accounts"], persona_ids, check)
    account_ids = {row["id"] for row in tables["accounts"]}
    _events(tables["progress_events"], account_ids, check)
    _reviews(tables["review_events"], account_ids, check)
    _findability(tables["findability_events"], persona_ids, check)
    _small_tables(tables, account_ids, check)
    _reply_records(tables["reply_records"], account_ids, check)
    _practice_events(tables["practice_events"], check)
    secrets = _secrets(document.get("secrets", []), account_ids, check)
    search, problems = findability_secrets.parse_rows(
        document.get("findability_secrets", []), persona_ids
    )
    for where, problem in problems:
        check.add(where, problem)
    return ImportPlan(practice, tables, secrets, tuple(search))


def _practice_events(rows: list[dict[str, Any]], check: _Checker) -> None:
    """Group practice history: packs imported or made, acknowledgements."""
    ids: set[int] = set()
    for index, row in enumerate(rows):
        where = f"practice_events[{index}]"
        if row["id"] in ids:
            check.add(f"{where}.id", "appears twice")
        ids.add(row["id"])
        check.integer(f"{where}.id", row["id"], 1, 10**12)
        check.choice(f"{where}.kind", row["kind"], ["pack-imported", "pack-made", "acknowledged"])
        check.integer(f"{where}.pack_version", row["pack_version"], 1, 10**9)
        check.text(f"{where}.policy_version", row["policy_version"], limit=200)
        check.text(f"{where}.statement", row["statement"], limit=500)
        check.text(f"{where}.fingerprint", row["fingerprint"], limit=60)
        row["at"] = check.moment(f"{where}.at", row["at"])


def _practice(value: Any, check: _Checker) -> PracticeProfile:
    if not isinstance(value, dict):
        check.add("practice", "must be an object")
        return PracticeProfile()
    known = {f.name for f in fields(PracticeProfile)}
    for key in sorted(value.keys() - known):
        check.add(f"practice.{key}", "is not a practice field")
    values: dict[str, Any] = {}
    for name in known & value.keys():
        where, item = f"practice.{name}", value[name]
        if name == "clinicians":
            if not isinstance(item, list):
                check.add(where, "must be a list of names")
                continue
            values[name] = tuple(check.text(f"{where}[{i}]", n) for i, n in enumerate(item))
        elif name == "stances":
            if not isinstance(item, dict):
                check.add(where, "must be an object")
                continue
            values[name] = {
                check.text(f"{where} key", k, limit=100): check.text(
                    f"{where}.{k}", v, multi_line=True
                )
                for k, v in item.items()
            }
        else:
            values[name] = check.text(where, item, multi_line=name in _MULTI_LINE_PRACTICE)
    return PracticeProfile(**values)


def _unique_ids(rows: list[dict[str, Any]], table: str, check: _Checker) -> None:
    seen: set[int] = set()
    for index, row in enumerate(rows):
        row["id"] = check.integer(f"{table}[{index}].id", row["id"], 1)
        if row["id"] in seen:
            check.add(f"{table}[{index}].id", f"{row['id']} is used twice")
        seen.add(row["id"])


def _reference(where: str, value: Any, known: set[int], what: str, check: _Checker) -> None:
    number = check.integer(where, value, 1)
    if number not in known:
        check.add(where, f"refers to {what} {number}, which is not in the file")


def _personas(rows: list[dict[str, Any]], check: _Checker) -> None:
    _unique_ids(rows, "personas", check)
    live_names: set[str] = set()
    for index, row in enumerate(rows):
        where = f"personas[{index}]"
        name = check.text(f"{where}.name", row["name"], required=True, limit=200)
        row["name"] = name.strip()
        check.choice(f"{where}.kind", row["kind"], [k.value for k in PersonaKind])
        check.choice(f"{where}.status", row["status"], [s.value for s in PersonaStatus])
        check.text(f"{where}.display_name", row["display_name"])
        check.text(f"{where}.bio", row["bio"], multi_line=True)
        if not isinstance(row["colour"], str) or not _COLOUR.match(row["colour"]):
            check.add(f"{where}.colour", "must look like #5b7db1")
        check.integer(f"{where}.recheck_days", row["recheck_days"], 1, 3650)
        row["created_at"] = check.moment(f"{where}.created_at", row["created_at"])
        row["archived_at"] = check.moment(f"{where}.archived_at", row["archived_at"], optional=True)
        if row["archived_at"] is None and name:
            key = name.strip().casefold()
            if key in live_names:
                check.add(f"{where}.name", f"'{name}' is used by two personas")
            live_names.add(key)


def _accounts(rows: list[dict[str, Any]], persona_ids: set[int], check: _Checker) -> None:
    _unique_ids(rows, "accounts", check)
    for index, row in enumerate(rows):
        where = f"accounts[{index}]"
        _reference(f"{where}.persona_id", row["persona_id"], persona_ids, "persona", check)
        check.text(f"{where}.checklist_id", row["checklist_id"], required=True, limit=200)
        row["handle"] = check.text(
            f"{where}.handle", row["handle"], required=True, limit=500
        ).strip()
        check.text(f"{where}.profile_url", row["profile_url"])
        check.text(f"{where}.notes", row["notes"], multi_line=True)
        row["created_at"] = check.moment(f"{where}.created_at", row["created_at"])
        row["archived_at"] = check.moment(f"{where}.archived_at", row["archived_at"], optional=True)


def _events(rows: list[dict[str, Any]], account_ids: set[int], check: _Checker) -> None:
    _unique_ids(rows, "progress_events", check)
    for index, row in enumerate(rows):
        where = f"progress_events[{index}]"
        _reference(f"{where}.account_id", row["account_id"], account_ids, "account", check)
        check.text(f"{where}.checklist_id", row["checklist_id"], required=True, limit=200)
        check.text(f"{where}.checklist_version", row["checklist_version"], limit=50)
        check.text(f"{where}.item_id", row["item_id"], required=True, limit=200)
        check.integer(f"{where}.item_revision", row["item_revision"], 0, 1_000_000)
        check.choice(f"{where}.state", row["state"], [s.value for s in AnswerState])
        check.text(f"{where}.note", row["note"], multi_line=True)
        row["at"] = check.moment(f"{where}.at", row["at"])
        row["until"] = check.moment(f"{where}.until", row["until"], optional=True)


def _findability(rows: list[dict[str, Any]], persona_ids: set[int], check: _Checker) -> None:
    from app.domain.findability import LifeEvent, SourceState
    from app.store.findability_log import parse_evidence

    _unique_ids(rows, "findability_events", check)
    states = [s.value for s in SourceState if s is not SourceState.NOT_CHECKED]
    for index, row in enumerate(rows):
        where = f"findability_events[{index}]"
        _reference(f"{where}.persona_id", row["persona_id"], persona_ids, "persona", check)
        check.text(f"{where}.checklist_id", row["checklist_id"], limit=200)
        check.text(f"{where}.checklist_version", row["checklist_version"], limit=50)
        check.text(f"{where}.item_id", row["item_id"], limit=200)
        check.integer(f"{where}.item_revision", row["item_revision"], 0, 1_000_000)
        check.choice(f"{where}.state", row["state"], states + [e.value for e in LifeEvent])
        check.text(f"{where}.note", row["note"])
        try:
            parse_evidence(row["evidence"])
        except ValueError as exc:
            check.add(f"{where}.evidence", str(exc))
        row["at"] = check.moment(f"{where}.at", row["at"])


def _reviews(rows: list[dict[str, Any]], account_ids: set[int], check: _Checker) -> None:
    _unique_ids(rows, "review_events", check)
    for index, row in enumerate(rows):
        where = f"review_events[{index}]"
        _reference(f"{where}.account_id", row["account_id"], account_ids, "account", check)
        check.choice(f"{where}.kind", row["kind"], [k.value for k in ReviewEventKind])
        row["at"] = check.moment(f"{where}.at", row["at"])
        row["until"] = check.moment(f"{where}.until", row["until"], optional=True)
        check.text(f"{where}.note", row["note"], multi_line=True)
        check.text(f"{where}.how", row["how"], limit=50)


def _reply_records(rows: list[dict[str, Any]], account_ids: set[int], check: _Checker) -> None:
    """The Replies screen's records (app.domain.reply_records); `follows` must name an
    earlier "sleep on it" record of the file."""
    from app.domain.reply_records import MAX_CODE, MAX_KEPT_DRAFT, MAX_PLATFORM, Raised, ReplyAction

    _unique_ids(rows, "reply_records", check)
    holds: set[int] = set()
    for index, row in enumerate(rows):
        where = f"reply_records[{index}]"
        row["at"] = check.moment(f"{where}.at", row["at"])
        contact_on = check.text(f"{where}.contact_on", row["contact_on"], required=True, limit=10)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", contact_on):
            check.add(f"{where}.contact_on", "is not a date written as YEAR-MONTH-DAY")
        check.text(f"{where}.platform", row["platform"], required=True, limit=MAX_PLATFORM)
        check.text(f"{where}.situation", row["situation"], required=True, limit=100)
        action = check.choice(f"{where}.action", row["action"], [a.value for a in ReplyAction])
        check.choice(f"{where}.raised", row["raised"], [r.value for r in Raised])
        check.text(f"{where}.client_code", row["client_code"], limit=MAX_CODE)
        if row["account_id"] is not None:
            _reference(f"{where}.account_id", row["account_id"], account_ids, "account", check)
        row["remind_at"] = check.moment(f"{where}.remind_at", row["remind_at"], optional=True)
        if row["follows"] is not None:
            _reference(f"{where}.follows", row["follows"], holds, "'sleep on it' record", check)
        check.text(f"{where}.kept_draft", row["kept_draft"], limit=MAX_KEPT_DRAFT)
        if action == ReplyAction.SLEEP_ON_IT.value and isinstance(row["id"], int):
            holds.add(row["id"])


def _small_tables(
    tables: dict[str, list[dict[str, Any]]], account_ids: set[int], check: _Checker
) -> None:
    keys: set[str] = set()
    kept: list[dict[str, Any]] = []
    for index, row in enumerate(tables["settings"]):
        key = check.text(f"settings[{index}].key", row["key"], required=True, limit=200)
        if key in keys:
            check.add(f"settings[{index}].key", f"'{key}' appears twice")
        keys.add(key)
        try:
            spec = spec_for(key)
            row["value"] = check_setting(key, row["value"])
        except SettingError as exc:
            check.add(f"settings[{index}]", str(exc))
            continue
        if not spec.local:
            kept.append(row)
    tables["settings"] = kept
    seen: set[tuple[str, str]] = set()
    for index, row in enumerate(tables["checklist_seen"]):
        where = f"checklist_seen[{index}]"
        pair = (
            check.text(f"{where}.checklist_id", row["checklist_id"], required=True, limit=200),
            check.text(f"{where}.item_id", row["item_id"], required=True, limit=200),
        )
        if pair in seen:
            check.add(where, "appears twice")
        seen.add(pair)
        check.integer(f"{where}.revision", row["revision"], 0, 1_000_000)
        check.text(f"{where}.version", row["version"], limit=50)
        row["seen_at"] = check.moment(f"{where}.seen_at", row["seen_at"])
    prints: set[tuple[int, str]] = set()
    for index, row in enumerate(tables["secret_fingerprints"]):
        where = f"secret_fingerprints[{index}]"
        _reference(f"{where}.account_id", row["account_id"], account_ids, "account", check)
        check.choice(f"{where}.field", row["field"], [f.value for f in COMPARED_FIELDS])
        if not isinstance(row["digest"], str) or not _DIGEST.match(row["digest"]):
            check.add(f"{where}.digest", "is not a fingerprint")
        if (row["account_id"], row["field"]) in prints:
            check.add(where, "appears twice")
        prints.add((row["account_id"], row["field"]))


def _secrets(
    value: Any, account_ids: set[int], check: _Checker
) -> list[tuple[int, SecretField, str]]:
    if not isinstance(value, list):
        check.add("secrets", "must be a list")
        return []
    found: list[tuple[int, SecretField, str]] = []
    for index, entry in enumerate(value):
        where = f"secrets[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"account_id", "field", "value"}:
            check.add(where, "must have exactly account_id, field and value")
            continue
        _reference(f"{where}.account_id", entry["account_id"], account_ids, "account", check)
        field_ = check.choice(f"{where}.field", entry["field"], [f.value for f in SecretField])
        text = check.text(f"{where}.value", entry["value"], limit=10_000, multi_line=True)
        found.append((entry["account_id"], SecretField(field_), text))
    return found


# ---------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    previous: Path | None
    """The backup of the data that was replaced (or the damaged file moved aside)."""
    secrets_not_saved: list[str]


def import_from(
    path: Path,
    *,
    database_path: Path | None = None,
    confirm_replace: Callable[[str], bool] = lambda _summary: True,
    keyring_backend: KeyringBackend | None = None,
    held_lock: InstanceLock | None = None,
) -> ImportResult | None:
    """Check `path` completely, then replace the current data with it.

    `confirm_replace` is asked (with a description of the current data) before data that
    is not empty is replaced; returning False cancels and returns None. A damaged current
    database may be replaced too: it is moved into the backups folder, not deleted. The
    app passes the instance lock it holds as `held_lock`, and closes its `Database` first.
    """
    database_path = database_path or default_path()
    plan = validate_document(read_document(path))
    if plan.secrets or plan.search_details:
        status = Vault("status-check", keyring_backend).status()
        if not status.available:
            raise TransferError(
                "The file holds secrets but the keyring cannot be used, so nothing was "
                f"imported. {status.reason}"
            )
    with owning(database_path.parent, held_lock):
        current = _describe_current(database_path)
        if current and not confirm_replace(current):
            return None
        staged = _build_staged(database_path, plan)
        try:
            previous = replace_database(database_path, staged, "import")
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    not_saved: list[str] = []
    if plan.secrets:
        with Database.open(database_path) as database:
            vault = Vault.for_database(database, keyring_backend)
            for account_id, secret, value in plan.secrets:
                try:
                    vault.set(account_id, secret, value)
                except VaultUnavailable as exc:
                    not_saved.append(f"account {account_id}, {secret.label}: {exc}")
    if plan.search_details:
        with Database.open(database_path) as database:
            vault = Vault.for_database(database, keyring_backend)
            for persona_id, details in plan.search_details:
                try:
                    findability_secrets.save_details(vault, persona_id, details)
                except VaultUnavailable as exc:
                    not_saved.append(f"persona {persona_id}, findability search details: {exc}")
    return ImportResult(plan, previous, not_saved)


def _describe_current(database_path: Path) -> str:
    """What an import would replace, in words; empty when there is nothing to lose."""
    if not database_path.exists():
        return ""
    try:
        with Database.open(database_path) as current:
            if current.is_empty():
                return ""
            personas = len(current.personas(include_archived=True))
            accounts = len(current.accounts(include_archived=True))
            return f"your current data ({personas} persona(s), {accounts} account(s))"
    except CorruptDatabaseError:
        return "your current data file, which is damaged (it will be kept in the backups folder)"


def _build_staged(database_path: Path, plan: ImportPlan) -> Path:
    ensure_private_dir(database_path.parent)
    staged = database_path.with_name(database_path.name + ".incoming")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{staged}{suffix}").unlink(missing_ok=True)
    try:
        with Database.open(staged) as database:
            database.load(plan.tables)
            database.save_practice(plan.practice)
            if database.integrity_check() != ["ok"]:
                raise TransferError("The imported data did not pass the integrity check.")
        connection = sqlite3.connect(staged)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{staged}{suffix}").unlink(missing_ok=True)
        raise
    return staged
