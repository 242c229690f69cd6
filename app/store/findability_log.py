"""The opt-out log on disk: rows of `findability_events`, and the evidence files beside the
database.

Rows are only ever inserted (SQL triggers refuse UPDATE and DELETE). Evidence files are
copied into `<data folder>/evidence/`, mode 0600, under a random name; the row records each
file's name, size and SHA-256, so a backup or a restore can tell when one went missing or
changed. No searched-for detail (address, phone, name) is ever stored here.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.findability import EvidenceFile, FindabilityEvent, LifeEvent, SourceState
from app.store.database import Database, parse_utc, utc_text
from app.store.errors import NotFoundError
from app.store.user_files import read_user_file

EVIDENCE_DIR = "evidence"
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


def evidence_dir(db: Database) -> Path:
    return db.path.parent / EVIDENCE_DIR


def encode_evidence(files: Iterable[EvidenceFile]) -> str:
    return json.dumps([{"name": f.name, "sha256": f.sha256, "size": f.size} for f in files])


def parse_evidence(text: Any) -> tuple[EvidenceFile, ...]:
    """The evidence list of one row; raises ValueError with a plain reason."""
    if not isinstance(text, str):
        raise ValueError("must be a JSON list in text")
    try:
        value = json.loads(text)
    except ValueError:
        raise ValueError("is not valid JSON") from None
    if not isinstance(value, list):
        raise ValueError("must be a list of files")
    files: list[EvidenceFile] = []
    for entry in value:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and entry["name"]
            and set(entry["name"]) <= _SAFE
            and not entry["name"].startswith(".")
            and isinstance(entry.get("sha256"), str)
            and len(entry["sha256"]) == 64
            and isinstance(entry.get("size"), int)
        ):
            raise ValueError("has an entry without a plain file name, a SHA-256 and a size")
        files.append(EvidenceFile(entry["name"], entry["sha256"], entry["size"]))
    return tuple(files)


def sha256_of(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix and set(suffix) <= _SAFE and len(suffix) <= 10 else ""


def store_evidence(db: Database, source: Path) -> EvidenceFile:
    """Copy `source` into the evidence folder (0600) and return what the log records.

    `source` must be an ordinary file of at most 50 MB (UserFileError otherwise).

    The copy gets a random name that keeps only the original's extension: a file name such
    as "spokeo-123-main-street.png" would otherwise carry the address into the database.
    """
    data = read_user_file(source, MAX_EVIDENCE_BYTES, "an evidence file")
    folder = evidence_dir(db)
    folder.mkdir(mode=0o700, exist_ok=True)
    name = f"{secrets.token_hex(8)}{_safe_suffix(source.name)}"
    target = folder / name
    import hashlib

    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    size = len(data)
    digest = hashlib.sha256(data)
    return EvidenceFile(name, digest.hexdigest(), size)


def record(db: Database, event: FindabilityEvent) -> FindabilityEvent:
    """Append one event; it is on disk when this returns."""
    stamp = utc_text(event.at)
    with db._writing() as connection:
        if not connection.execute(
            "SELECT 1 FROM personas WHERE id = ?", (event.persona_id,)
        ).fetchone():
            raise NotFoundError(f"there is no persona number {event.persona_id}")
        connection.execute(
            "INSERT INTO findability_events (persona_id, checklist_id, checklist_version, "
            "item_id, item_revision, state, note, evidence, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.persona_id,
                event.checklist_id,
                event.checklist_version,
                event.item_id,
                event.item_revision,
                event.state.value,
                event.note,
                encode_evidence(event.evidence),
                stamp,
            ),
        )
    return FindabilityEvent(
        event.persona_id,
        event.checklist_id,
        event.checklist_version,
        event.item_id,
        event.item_revision,
        event.state,
        parse_utc(stamp),
        event.note,
        event.evidence,
    )


def _state(value: str) -> SourceState | LifeEvent:
    try:
        return SourceState(value)
    except ValueError:
        return LifeEvent(value)


def events(db: Database, persona_id: int | None = None) -> list[FindabilityEvent]:
    """The log, oldest first (ties in the order recorded)."""
    where, parameters = ("WHERE persona_id = ?", (persona_id,)) if persona_id else ("", ())
    with db._reading() as connection:
        rows = connection.execute(
            "SELECT persona_id, checklist_id, checklist_version, item_id, item_revision, "
            f"state, note, evidence, at FROM findability_events {where} ORDER BY at, id",
            parameters,
        ).fetchall()
    return [
        FindabilityEvent(
            r[0], r[1], r[2], r[3], r[4], _state(r[5]), parse_utc(r[8]), r[6], parse_evidence(r[7])
        )
        for r in rows
    ]


@dataclass(frozen=True)
class EvidenceProblem:
    name: str
    problem: str
    """"missing" or "changed"."""

    def __str__(self) -> str:
        what = "is missing" if self.problem == "missing" else "has changed since it was recorded"
        return f"evidence file {self.name} {what}"


def check_evidence(db: Database, folder: Path | None = None) -> list[EvidenceProblem]:
    """Every evidence file the log names, checked against its recorded hash.

    `folder` is where to look (the data folder's evidence directory by default).
    """
    where = folder if folder is not None else evidence_dir(db)
    problems: list[EvidenceProblem] = []
    seen: set[str] = set()
    for event in events(db):
        for item in event.evidence:
            if item.name in seen:
                continue
            seen.add(item.name)
            path = where / item.name
            if not path.is_file():
                problems.append(EvidenceProblem(item.name, "missing"))
            elif path.stat().st_size != item.size or sha256_of(path) != item.sha256:
                problems.append(EvidenceProblem(item.name, "changed"))
    return problems
