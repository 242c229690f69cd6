"""`tightrope warnings`: what could tie your personal presence to your professional one."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    warnings = subparsers.add_parser(
        "warnings",
        help="what could tie a personal account to a professional one, and how to fix it",
    )
    warnings.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    warnings.set_defaults(handler=_warnings)


def _warnings(args: argparse.Namespace) -> int:
    import textwrap
    from datetime import UTC, datetime

    from app.services.context import catalog_notes, guarded, open_context
    from app.services.separation import current_warnings
    from app.store.vault import Vault

    def action() -> int:
        with open_context() as ctx:
            status = Vault.for_database(ctx.db).status()
            found = current_warnings(
                ctx.db, ctx.catalog, datetime.now(UTC), keyring_available=status.available
            )
            notes = catalog_notes(ctx.catalog)
        if args.json:
            from app.commands.json_output import print_json

            print_json(
                "warnings",
                keyring_available=status.available,
                warnings=[
                    {
                        "severity": w.severity.value,
                        "title": w.title,
                        "details": list(w.details),
                        "fix": w.fix,
                        "account_ids": [a.id for a in w.accounts],
                    }
                    for w in found
                ],
                notes=list(notes),
            )
            return 0
        if not found:
            print("No separation warnings.")
        for warning in found:
            print(f"{warning.severity.value.upper():6}  {warning.title}")
            for detail in warning.details:
                print(f"        - {detail}")
            print(
                textwrap.fill(
                    f"Fix: {warning.fix}", 92, initial_indent=" " * 8, subsequent_indent=" " * 8
                )
            )
            print()
        for note in notes:
            print(note)
        return 0

    return guarded(action)
