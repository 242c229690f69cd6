"""`tightrope personas list | add | archive | restore`."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands.arguments import bounded_int
from app.domain.checklist import PersonaKind
from app.domain.personas import DEFAULT_RECHECK_DAYS


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("personas", help="the personas you keep apart")
    commands = group.add_subparsers(dest="personas_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="every persona and how many accounts it has")
    listing.add_argument("--all", action="store_true", help="include archived personas")
    listing.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    listing.set_defaults(handler=_list)

    add = commands.add_parser(
        "add", help="add a persona, e.g. personas add Work --kind professional"
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in PersonaKind],
        help="personal, professional or other",
    )
    add.add_argument("--display-name", default="", help="the public name used under it")
    add.add_argument(
        "--recheck-days",
        type=bounded_int(1, 3650, "DAYS"),
        default=DEFAULT_RECHECK_DAYS,
        metavar="DAYS",
        help=f"re-check its accounts every DAYS days (default {DEFAULT_RECHECK_DAYS})",
    )
    add.set_defaults(handler=_add)

    archive = commands.add_parser(
        "archive", help="hide a persona and its accounts; their history is kept"
    )
    archive.add_argument("name", metavar="NAME")
    archive.set_defaults(handler=_archive)

    restore = commands.add_parser("restore", help="bring back an archived persona")
    restore.add_argument("name", metavar="NAME")
    restore.set_defaults(handler=_restore)


def _list(args: argparse.Namespace) -> int:
    from app.services.context import format_table, guarded, open_context

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            archived = ctx.db.archived_persona_ids()
            personas = ctx.db.personas(include_archived=args.all)
            if args.json:
                from app.commands.json_output import print_json

                counted: dict[int, int] = {}
                for account in ctx.db.accounts(include_archived=args.all):
                    counted[account.persona_id] = counted.get(account.persona_id, 0) + 1
                print_json(
                    "personas list",
                    personas=[
                        {
                            "persona_id": p.id,
                            "name": p.name,
                            "kind": p.kind.value,
                            "status": p.status.value,
                            "archived": p.id in archived,
                            "accounts": counted.get(p.id, 0),
                            "recheck_days": p.recheck_days,
                        }
                        for p in personas
                    ],
                )
                return 0
            if not personas:
                print("No personas yet. Add one: tightrope personas add Personal --kind personal")
                return 0
            counts: dict[int, int] = {}
            for account in ctx.db.accounts(include_archived=args.all):
                counts[account.persona_id] = counts.get(account.persona_id, 0) + 1
            rows = [("NAME", "KIND", "STATUS", "ACCOUNTS", "RE-CHECK")]
            for persona in personas:
                status = persona.status.value + (" (archived)" if persona.id in archived else "")
                rows.append(
                    (
                        persona.name,
                        persona.kind.value,
                        status,
                        str(counts.get(persona.id, 0)),
                        f"every {persona.recheck_days} days",
                    )
                )
            print("\n".join(format_table(rows)))
        return 0

    return guarded(action)


def _add(args: argparse.Namespace) -> int:
    from app.services import workspace
    from app.services.context import guarded, open_context

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            persona = workspace.add_persona(
                ctx.db,
                args.name,
                PersonaKind(args.kind),
                display_name=args.display_name,
                recheck_days=args.recheck_days,
            )
        print(f"Added the {persona.kind.value} persona '{persona.name}'.")
        return 0

    return guarded(action)


def _archive(args: argparse.Namespace) -> int:
    from app.services import workspace
    from app.services.context import guarded, open_context

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            persona = ctx.db.persona_named(args.name)
            workspace.archive_persona(ctx.db, persona.id)
        print(
            f"Archived '{persona.name}'. Its accounts and history are kept; "
            f'`tightrope personas restore "{persona.name}"` brings it back.'
        )
        return 0

    return guarded(action)


def _restore(args: argparse.Namespace) -> int:
    from app.services import workspace
    from app.services.context import guarded, open_context

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            persona = workspace.archived_persona_named(ctx.db, args.name)
            if persona is None:
                print(f"error: there is no archived persona called '{args.name}'")
                return 1
            workspace.restore_persona(ctx.db, persona.id)
        print(f"Restored '{persona.name}'.")
        return 0

    return guarded(action)
