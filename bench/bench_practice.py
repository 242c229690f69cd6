"""Group practice with 200 accounts on the clinician's desk: making and checking a pack,
the attestation, and the owner's staff summary from 20 attestations."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring

from app.domain.checklist import PersonaKind
from app.domain.practice import PracticeProfile
from app.domain.practice_pack import Requirement
from app.domain.progress import AnswerState
from app.domain.review import ReviewEvent, ReviewEventKind
from app.reports.wording import load_policy_wording
from app.services.attestation import make_attestation, set_clinician_name
from app.services.checklists import load_default_catalog
from app.services.practice_import import import_pack, plan_import
from app.services.practice_pack import PackPlan, make_pack, read_pack
from app.services.staff_view import build_staff_view
from app.services.status import account_overviews
from app.store import paths
from app.store.database import Database
from app.store.vault import Vault
from bench.common import Result, best_ms
from tests.memory_keyring import MemoryKeyring

ACCOUNTS = 200
CLINICIANS = 20


def run() -> list[Result]:
    keyring.set_keyring(MemoryKeyring())
    catalog = load_default_catalog()
    checklist = catalog.sorted()[0]
    now = datetime.now(UTC)
    names = tuple(f"Clinician {n}" for n in range(CLINICIANS))
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.setdefault("XDG_DATA_HOME", str(root / "xdg"))
        owner = Database.open(root / "owner" / "tightrope.sqlite3")
        owner.save_practice(PracticeProfile(name="Riverside", clinicians=names))
        keys = Vault.for_database(owner)
        plan = PackPlan(tuple(Requirement(c.id, 30) for c in catalog.sorted()[:5]), "")
        results.append(
            Result(
                "make a practice pack",
                best_ms(lambda: make_pack(owner, catalog, keys, plan, now)),
                "ms",
                200,
            )
        )
        pack_file = root / "pack.json"
        pack_file.write_bytes(make_pack(owner, catalog, keys, plan, now).data)

        paths.set_data_dir(root / "sam")
        desk = Database.open(root / "sam" / "tightrope.sqlite3")
        persona = desk.add_persona("Work", PersonaKind.PROFESSIONAL)
        when = now - timedelta(days=40)
        for n in range(ACCOUNTS):
            account = desk.add_account(persona.id, checklist.id, f"account-{n}")
            for item in checklist.items:
                desk.record_answer(
                    account.id,
                    checklist.id,
                    str(checklist.version),
                    item.id,
                    item.revision,
                    AnswerState.DONE,
                    at=when,
                )
            desk.record_review_event(ReviewEvent(account.id, ReviewEventKind.COMPLETED, when))
        wording = load_policy_wording()
        results.append(
            Result(
                "read + check a pack against a desk",
                best_ms(lambda: plan_import(desk, catalog, read_pack(pack_file), wording)),
                "ms",
                200,
            )
        )
        made = make_pack(owner, catalog, keys, plan, now)
        pack_file.write_bytes(made.data)
        import_pack(desk, catalog, pack_file, wording, trust=made.fingerprint)
        set_clinician_name(desk, names[0])
        results.append(
            Result(
                "account overviews, 200 accounts, pack in force",
                best_ms(lambda: account_overviews(desk, catalog, now)),
                "ms",
                400,
            )
        )
        desk_keys = Vault.for_database(desk)
        results.append(
            Result(
                "attestation of 200 accounts",
                best_ms(lambda: make_attestation(desk, catalog, desk_keys, now), repeat=3),
                "ms",
                1500,
            )
        )
        inbox = root / "inbox"
        inbox.mkdir()
        data = make_attestation(desk, catalog, desk_keys, now).data
        for n in range(CLINICIANS):
            (inbox / f"c{n}.json").write_bytes(data)
        results.append(
            Result(
                f"staff summary of {CLINICIANS} attestations",
                best_ms(lambda: build_staff_view(owner, catalog, inbox, now), repeat=3),
                "ms",
                1000,
            )
        )
        desk.close()
        owner.close()
        paths.set_data_dir(None)
    return results
