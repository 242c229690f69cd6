"""`tightrope ics FILE`: a calendar of every account's next re-check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    ics = subparsers.add_parser(
        "ics",
        help="write a calendar file (.ics) with every account's next re-check",
        description="Write an iCalendar file with one all-day event per account on its next "
        "re-check date, repeating at its persona's interval. Export again after a review "
        "and import it again: the events move instead of appearing twice. The file names "
        "the platform and the persona, not the account's handle, because calendars often "
        "sync to other servers.",
    )
    ics.add_argument("file", type=Path, metavar="FILE", help="where to write, e.g. tightrope.ics")
    ics.add_argument(
        "--with-handles",
        action="store_true",
        help="put each account's handle in the event titles (they then leave this computer "
        "with your calendar)",
    )
    ics.set_defaults(handler=_ics)


def _ics(args: argparse.Namespace) -> int:
    from app.services.context import guarded, open_context

    def action() -> int:
        import sys

        from app.services.calendar_feed import CalendarExportError, export_calendar
        from app.services.reminders import Reminders

        with open_context() as ctx:
            reminders = Reminders(ctx.db, ctx.catalog)
            try:
                result = export_calendar(
                    ctx.db,
                    ctx.catalog,
                    args.file,
                    reminders.now(),
                    reminders.tz,
                    include_handles=args.with_handles,
                )
            except CalendarExportError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        events = "1 re-check" if result.events == 1 else f"{result.events} re-checks"
        print(f"Wrote {events} to {result.path}.")
        print(
            "Import it into your calendar. After a review, export and import again: "
            "the events move instead of appearing twice."
        )
        return 0

    return guarded(action)
