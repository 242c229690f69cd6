"""A writer killed with SIGKILL in the middle of its writes, again and again.

Each writer is a forked child (so a round costs milliseconds, not a Python start-up) that
opens the database itself and appends answers as fast as it can, reporting each one on a
pipe only after `record_answer` has returned. The parent kills it at a random moment.
Afterwards the file must pass `PRAGMA integrity_check` and hold every reported answer.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sys
from pathlib import Path

import pytest

from app.domain.checklist import PersonaKind
from app.domain.progress import AnswerState
from app.store.database import Database

KILLS = 120

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs fork and SIGKILL"
)


def _writer(path: Path, account_id: int, round_: int, report: int) -> None:
    """Runs in the child: write answers until killed."""
    try:
        database = Database.open(path)
        n = 0
        while True:
            note = f"r{round_}-{n}"
            database.record_answer(
                account_id, "x", "2026.11.0", f"item-{n % 40}", 1, AnswerState.DONE, note
            )
            if n % 7 == 0:
                database.set_setting(f"ui.round-{round_}", str(n))
            os.write(report, f"{note}\n".encode())
            n += 1
    finally:
        os._exit(0)


def _read_reports(fd: int, buffer: bytearray, wanted: int, timeout: float) -> list[str]:
    """Read lines from the child until `wanted` arrived or `timeout` passed."""
    lines: list[str] = []
    while len(lines) < wanted:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buffer.extend(chunk)
        *complete, rest = buffer.split(b"\n")
        lines.extend(line.decode() for line in complete)
        buffer[:] = rest
    return lines


def _drain(fd: int, buffer: bytearray) -> list[str]:
    """Every line still in the pipe after the child died (a partial line is not counted)."""
    lines: list[str] = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buffer.extend(chunk)
    *complete, _partial = buffer.split(b"\n")
    lines.extend(line.decode() for line in complete)
    return lines


def test_killed_writers_never_lose_a_committed_answer_or_corrupt_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "tightrope.sqlite3"
    with Database.open(path) as database:
        persona = database.add_persona("Personal", PersonaKind.PERSONAL)
        account_id = database.add_account(persona.id, "x", "@jane").id
    rng = random.Random(20261125)
    committed: set[str] = set()
    for round_ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _writer(path, account_id, round_, write_end)
        os.close(write_end)
        buffer = bytearray()
        try:
            committed.update(_read_reports(read_end, buffer, rng.randint(1, 25), timeout=10))
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        committed.update(_drain(read_end, buffer))
        os.close(read_end)

    assert len(committed) >= KILLS
    with Database.open(path) as database:
        assert database.integrity_check() == ["ok"]
        notes = {event.note for event in database.events(account_id)}
        assert committed <= notes
        assert {e.item_id for e in database.latest_answers()} <= {f"item-{n}" for n in range(40)}
