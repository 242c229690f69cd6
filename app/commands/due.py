"""`tightrope due`: what is due for a re-check, for people, cron jobs and shell prompts.

Exit status: 0 when nothing is due, 3 when something is, 1 when the data cannot be read.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.reminders import AccountDue

EXIT_NOTHING_DUE = 0
EXIT_SOMETHING_DUE = 3
JSON_FORMAT_VERSION = 1


def register(subparsers: Any) -> None:
    due = subparsers.add_parser(
        "due",
        help="what is due for a re-check (exit 0: nothing, 3: something is due)",
        description="Print the accounts due for a re-check. Exit status 0 when nothing is "
        "due, 3 when something is, 1 when the data cannot be read.",
    )
    output = due.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="every account's status as JSON, for scripts"
    )
    output.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing; only the exit status tells"
    )
    due.set_defaults(handler=_due)


def _due(args: argparse.Namespace) -> int:
    from app.services.context import guarded, open_context

    def action() -> int:
        from app.services.findability_due import findability_json, findability_lines
        from app.services.findability_due import rows as findability_rows
        from app.services.reminders import Reminders, zone_name

        with open_context() as ctx:
            reminders = Reminders(ctx.db, ctx.catalog)
            tz = reminders.tz
            now = reminders.now()
            entries = reminders.entries()
            sources = findability_rows(ctx.db, ctx.catalog, now, tz)
        due_sources = [r for r in sources if r.due]
        something = any(e.status.due for e in entries) or bool(due_sources)
        exit_code = EXIT_SOMETHING_DUE if something else EXIT_NOTHING_DUE
        if args.json:
            import json

            document = _json_document(entries, now, tz, zone_name(tz))
            document.update(findability_json(sources))
            print(json.dumps(document, indent=2))
        elif not args.quiet:
            print("\n".join(_text_lines(entries) + findability_lines(due_sources)))
        return exit_code

    return guarded(action)


def _json_document(
    entries: list[AccountDue], now: datetime, tz: tzinfo, zone: str
) -> dict[str, Any]:
    """The `--json` shape; README.md documents it. Add fields, never rename them."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "format": JSON_FORMAT_VERSION,
        "generated_at": now.isoformat(timespec="seconds"),
        "today": now.astimezone(tz).date().isoformat(),
        "timezone": zone,
        "due_count": sum(1 for e in entries if e.status.due),
        "accounts": [
            {
                "account_id": e.account.id,
                "persona": e.persona.name,
                "persona_id": e.persona.id,
                "platform": e.platform,
                "checklist_id": e.account.checklist_id,
                "handle": e.account.handle,
                "due": e.status.due,
                "cause": e.status.cause.value,
                "reason": e.status.reason,
                "next_due": day(e.status.next_due),
                "overdue_days": e.status.overdue_days,
                "snoozed_until": day(e.status.snoozed_until),
                "last_review": day(e.status.last_review),
                "interval_days": e.status.interval_days,
                "recheck_items": e.status.recheck_items,
                **_counts(e, tz),
            }
            for e in entries
        ],
    }


def _counts(entry: AccountDue, tz: tzinfo) -> dict[str, Any]:
    """Fields added with put-off settings: settled, put off and open told apart."""
    from app.domain.progress import put_off_items

    summary = entry.summary
    known = entry.checklist is not None
    return {
        "total_items": summary.total if known else None,
        "settled_items": summary.settled if known else None,
        "put_off_items": summary.put_off if known else None,
        "open_items": summary.open_not_put_off if known else None,
        "put_off_until": (
            entry.status.put_off_until.isoformat() if entry.status.put_off_until else None
        ),
        "put_off": [
            {
                "item_id": status.item_id,
                "title": status.item.title if status.item else status.item_id,
                "until": day.isoformat(),
                "due": day <= entry.status.today,
            }
            for status, day in put_off_items(entry.statuses, tz)
        ],
    }


def _text_lines(entries: list[AccountDue]) -> list[str]:
    from app.domain.due import format_day

    if not entries:
        return ["No accounts yet. Add one: tightrope accounts add PERSONA PLATFORM HANDLE"]
    due = [e for e in entries if e.status.due]
    lines: list[str] = []
    if due:
        count = "1 account is" if len(due) == 1 else f"{len(due)} accounts are"
        lines.append(f"{count} due for a re-check:")
        for entry in due:
            lines.append(f"  {entry.title}")
            lines.append(f"    {entry.status.reason}")
        lines.append("Open Tightrope to walk through them, or snooze them there.")
    else:
        upcoming = [(e.status.remind_on, e) for e in entries if e.status.remind_on is not None]
        if upcoming:
            when, first = min(upcoming, key=lambda pair: pair[0])
            lines.append(f"Nothing is due. Next re-check: {first.title} on {format_day(when)}.")
        else:
            lines.append("Nothing is due.")
    for entry in entries:
        if entry.status.snoozed_until is not None:
            until = format_day(entry.status.snoozed_until)
            lines.append(f"Snoozed until {until}: {entry.title}")
    for entry in entries:
        status = entry.status
        if status.put_off_items and not status.put_off_due and status.put_off_until:
            count = "1 setting" if status.put_off_items == 1 else f"{status.put_off_items} settings"
            lines.append(
                f"Put off until {format_day(status.put_off_until)}: {count} of {entry.title}"
            )
    return lines
