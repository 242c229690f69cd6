"""`tightrope status`: every account's standing, one line each."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    status = subparsers.add_parser(
        "status", help="every account: settings done, pending, to re-check, and next due date"
    )
    status.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    status.set_defaults(handler=_status)


def _status(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from app.domain.due import format_day
    from app.services.context import catalog_notes, format_table, guarded, open_context
    from app.services.status import account_overviews

    def action() -> int:
        with open_context() as ctx:
            overviews = account_overviews(ctx.db, ctx.catalog, datetime.now(UTC))
            notes = catalog_notes(ctx.catalog)
        if args.json:
            _print_json(overviews, notes)
            return 0
        if not overviews:
            print("No accounts yet. Add one: tightrope accounts add PERSONA PLATFORM HANDLE")
            return 0
        rows = [
            ("PERSONA", "PLATFORM", "HANDLE", "SETTLED", "PUT OFF", "OPEN", "RE-CHECK", "NEXT DUE")
        ]
        for overview in overviews:
            summary, due = overview.summary, overview.due
            if overview.checklist is None:
                done = put_off = pending = recheck = "?"
            else:
                done = f"{summary.settled}/{summary.total}"
                put_off = str(summary.put_off)
                if summary.put_off and due.put_off_until is not None:
                    put_off += f" (to {due.put_off_until.day} {due.put_off_until:%b})"
                pending = str(summary.new)
                recheck = str(summary.needs_recheck)
            if due.next_due is None:
                when = "never (retired)"
            elif due.snoozed_until is not None:
                when = f"snoozed until {format_day(due.snoozed_until)}"
            elif due.due:
                when = "now" if due.overdue_days == 0 else f"overdue {due.overdue_days} d"
                if due.cause.value == "put-off":
                    when += " (put off)"
            else:
                when = format_day(due.next_due)
            rows.append(
                (
                    overview.persona.name,
                    overview.platform,
                    overview.account.handle,
                    done,
                    put_off,
                    pending,
                    recheck,
                    when,
                )
            )
        print("\n".join(format_table(rows)))
        for overview in overviews:
            if overview.checklist is None:
                print(
                    f"note: the checklist '{overview.account.checklist_id}' of "
                    f"{overview.account.handle} is not loaded, so its settings are not counted."
                )
        for note in notes:
            print(note)
        return 0

    return guarded(action)


def _print_json(overviews: list[Any], notes: list[str]) -> None:
    from app.commands.json_output import print_json

    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    print_json(
        "status",
        accounts=[
            {
                "account_id": o.account.id,
                "persona": o.persona.name,
                "persona_id": o.persona.id,
                "platform": o.platform,
                "checklist_id": o.account.checklist_id,
                "handle": o.account.handle,
                "checklist_loaded": o.checklist is not None,
                "settled": o.summary.settled,
                "total": o.summary.total,
                "pending": o.summary.new + o.summary.later,
                "recheck": o.summary.needs_recheck,
                "due": o.due.due,
                "next_due": day(o.due.next_due),
                "overdue_days": o.due.overdue_days,
                "snoozed_until": day(o.due.snoozed_until),
                "last_review": day(o.last_review.at.date()) if o.last_review else None,
            }
            for o in overviews
        ],
        notes=list(notes),
    )
