"""`tightrope accounts list | add | archive`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.commands.arguments import record_id


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("accounts", help="the accounts under each persona")
    commands = group.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="every account, by persona")
    listing.add_argument("--all", action="store_true", help="include archived accounts")
    listing.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    listing.set_defaults(handler=_list)

    add = commands.add_parser(
        "add", help="add an account, e.g. accounts add Personal instagram @jane.doe"
    )
    add.add_argument("persona", metavar="PERSONA", help="the persona's name")
    add.add_argument(
        "platform", metavar="PLATFORM", help="a checklist id, see `tightrope checklists list`"
    )
    add.add_argument("handle", metavar="HANDLE", help="the account's name on the platform")
    add.add_argument("--url", default="", help="the profile's address")
    add.add_argument("--notes", default="", help="a note for yourself (not secret)")
    add.set_defaults(handler=_add)

    archive = commands.add_parser("archive", help="hide an account; its history is kept")
    archive.add_argument(
        "account_id", type=record_id, metavar="ID", help="the number in `accounts list`"
    )
    archive.set_defaults(handler=_archive)


def _list(args: argparse.Namespace) -> int:
    from app.services.context import format_table, guarded, open_context

    def action() -> int:
        with open_context() as ctx:
            accounts = ctx.db.accounts(include_archived=args.all)
            if args.json:
                from app.commands.json_output import print_json

                archived_ids = ctx.db.archived_account_ids()
                print_json(
                    "accounts list",
                    accounts=[
                        {
                            "account_id": a.id,
                            "persona": ctx.db.persona(a.persona_id).name,
                            "persona_id": a.persona_id,
                            "platform": (
                                c.platform
                                if (c := ctx.catalog.get(a.checklist_id))
                                else a.checklist_id
                            ),
                            "checklist_id": a.checklist_id,
                            "handle": a.handle,
                            "profile_url": a.profile_url,
                            "archived": a.id in archived_ids,
                        }
                        for a in accounts
                    ],
                )
                return 0
            if not accounts:
                print("No accounts yet. Add one: tightrope accounts add PERSONA PLATFORM HANDLE")
                return 0
            archived = ctx.db.archived_account_ids()
            rows = [("ID", "PERSONA", "PLATFORM", "HANDLE", "")]
            for account in accounts:
                checklist = ctx.catalog.get(account.checklist_id)
                rows.append(
                    (
                        str(account.id),
                        ctx.db.persona(account.persona_id).name,
                        checklist.platform if checklist else account.checklist_id,
                        account.handle,
                        "archived" if account.id in archived else "",
                    )
                )
            print("\n".join(format_table(rows)))
        return 0

    return guarded(action)


def _add(args: argparse.Namespace) -> int:
    from app.services import workspace
    from app.services.context import find_persona, find_platform, guarded, open_context
    from app.services.handles import checked_handle

    def action() -> int:
        with open_context() as ctx:
            persona = find_persona(ctx.db, args.persona)
            checklist = find_platform(ctx.catalog, args.platform)
            checked = checked_handle(checklist.id, args.handle, checklist.platform)
            if not checked.ok:
                print(f"error: {checked.problem}", file=sys.stderr)
                return 1
            workspace.add_account(
                ctx.db,
                ctx.catalog,
                persona.id,
                checklist.id,
                checked.handle,
                args.url or checked.profile_url,
                args.notes,
            )
        print(
            f"Added {checklist.platform} account '{checked.handle}' to '{persona.name}'. "
            f"Its checklist has {len(checklist.items_for(persona.kind))} settings to go through."
        )
        return 0

    return guarded(action)


def _archive(args: argparse.Namespace) -> int:
    from app.services import workspace
    from app.services.context import guarded, open_context

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            account = ctx.db.account(args.account_id)
            workspace.archive_account(ctx.db, account.id)
        print(f"Archived account '{account.handle}'. Its history is kept.")
        return 0

    return guarded(action)
