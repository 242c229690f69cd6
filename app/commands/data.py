"""`tightrope backup | restore | export | import`: keeping the data safe and moving it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.commands.arguments import bounded_int


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="back up your data now (a backup is also made once a day)"
    )
    backup.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="where to write it (default: the backups folder)",
    )
    backup.add_argument("--list", action="store_true", help="list the backups, newest first")
    backup.add_argument(
        "--keep-days",
        type=bounded_int(-(10**50), 10**50, "N"),
        metavar="N",
        help="keep the daily backups of the last N days",
    )
    backup.set_defaults(handler=_backup)

    restore = subparsers.add_parser(
        "restore", help="replace your data with a backup (the current data is backed up first)"
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=_restore)

    export = subparsers.add_parser("export", help="write all your data to one JSON file")
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument(
        "--with-secrets",
        action="store_true",
        help="include login e-mails, phone numbers and recovery notes (asks to confirm)",
    )
    export.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    export.set_defaults(handler=_export)

    imp = subparsers.add_parser(
        "import", help="replace your data with an export (checked completely first)"
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    imp.set_defaults(handler=_import)


def _confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        print(f"{question}\nNot confirmed: run the command again with --yes.", file=sys.stderr)
        return False
    answer = input(f"{question} Type yes to go on: ")
    return answer.strip().lower() == "yes"


def _backup(args: argparse.Namespace) -> int:
    from app.services.backup import backup_now, backups, keep_days, set_keep_days
    from app.services.context import guarded, open_context
    from app.services.findability import evidence_problems

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            if args.keep_days is not None:
                set_keep_days(ctx.db, args.keep_days)
                print(f"Daily backups of the last {args.keep_days} day(s) will be kept.")
            if args.list:
                found = backups(ctx.db.path)
                if not found:
                    print("No backups yet.")
                for path in found:
                    print(path)
                print(f"(daily backups are kept for {keep_days(ctx.db)} days)")
                return 0
            if args.keep_days is not None and args.file is None:
                return 0
            written = backup_now(ctx.db, args.file)
            evidence = evidence_problems(ctx.db)
        print(f"Backed up to {written}")
        print(f"Restore it with: tightrope restore {written}")
        _report_evidence(evidence)
        return 0

    return guarded(action)


def _restore(args: argparse.Namespace) -> int:
    from app.services.backup import restore
    from app.services.context import guarded
    from app.store.backups import RestoreError
    from app.store.instance_lock import InstanceLockedError

    def action() -> int:
        if not args.file.is_file():
            print(f"error: {args.file} does not exist or is not a file", file=sys.stderr)
            return 1
        if not _confirm(
            f"Replace your Tightrope data with {args.file}? Your current data is backed up first.",
            args.yes,
        ):
            return 1
        try:
            done = restore(args.file)
        except (RestoreError, InstanceLockedError) as exc:
            print(f"error: {exc}. Nothing was changed.", file=sys.stderr)
            return 1
        print(f"Restored {done.source}.")
        if done.previous is not None:
            print(f"Your previous data is kept in {done.previous}")
        from app.services.findability import evidence_problems
        from app.store.database import Database

        with Database.open() as restored:
            _report_evidence(evidence_problems(restored))
        return 0

    return guarded(action)


def _report_evidence(problems: list[str]) -> None:
    """Evidence files live beside the database, not inside it: say when one is gone."""
    if not problems:
        return
    print(f"warning: {len(problems)} findability evidence file(s) need attention:")
    for problem in problems:
        print(f"  {problem}")
    print("  The log still records each file's hash; put the file back from your own copy.")


def _export(args: argparse.Namespace) -> int:
    from app.services.context import guarded, open_context
    from app.services.data_transfer import TransferError, export_to
    from app.store.vault import Vault

    def action() -> int:
        if args.with_secrets and not _confirm(
            f"{args.file} will hold login e-mails, phone numbers and recovery notes in plain "
            "text. Keep it somewhere safe and delete it when done.",
            args.yes,
        ):
            return 1
        with open_context(with_catalog=False) as ctx:
            vault = Vault.for_database(ctx.db) if args.with_secrets else None
            try:
                document = export_to(args.file, ctx.db, vault)
            except TransferError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        secrets = len(document.get("secrets", []))
        print(
            f"Exported {len(document['personas'])} persona(s), {len(document['accounts'])} "
            f"account(s) and {len(document['progress_events'])} answer(s) to {args.file}"
            + (f", with {secrets} secret(s)." if args.with_secrets else " (no secrets).")
        )
        return 0

    return guarded(action)


def _import(args: argparse.Namespace) -> int:
    from app.services.context import guarded
    from app.services.data_transfer import TransferError, import_from
    from app.store.backups import RestoreError
    from app.store.instance_lock import InstanceLockedError

    def action() -> int:
        try:
            result = import_from(
                args.file,
                confirm_replace=lambda current: _confirm(
                    f"Importing replaces {current}. It is backed up first.", args.yes
                ),
            )
        except (TransferError, InstanceLockedError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except RestoreError as exc:
            print(f"error: {exc}. Nothing was changed.", file=sys.stderr)
            return 1
        if result is None:
            print("Nothing was imported.")
            return 1
        print(f"Imported {result.plan.summary()} from {args.file}.")
        if result.previous is not None:
            print(f"Your previous data is kept in {result.previous}")
        for problem in result.secrets_not_saved:
            print(f"warning: not saved to the keyring: {problem}", file=sys.stderr)
        return 1 if result.secrets_not_saved else 0

    return guarded(action)
