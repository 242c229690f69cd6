"""`tightrope findability`: the opt-out log from the command line, for those who script.

  tightrope findability status [--persona NAME] [--json]
  tightrope findability record SOURCE STATE [--persona NAME] [--note TEXT] [--evidence FILE]
  tightrope findability moved [--persona NAME]
  tightrope findability harassed [--persona NAME]
  tightrope findability countries [CODE ...]
  tightrope findability evidence

Nothing here ever prints an address, phone or name the user searches for: those stay in
the keyring and are shown only in the window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from app.services.findability import SourceOverview

JSON_FORMAT_VERSION = 1
STATES = ("not-listed", "found", "requested", "removed", "relisted", "cannot-remove")


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "findability",
        help="where a client could find your home: people-search sites and registers",
        description="The opt-out log: each source's state and next date, and recording a step.",
    )
    commands = group.add_subparsers(dest="findability_command", metavar="COMMAND")
    commands.required = True

    status = commands.add_parser("status", help="each source's state and next date")
    status.add_argument("--persona", help="only this persona (default: all)")
    status.add_argument("--json", action="store_true", help="as JSON, for scripts")
    status.set_defaults(handler=_status)

    record = commands.add_parser("record", help="record a step at a source")
    record.add_argument("source", metavar="SOURCE", help="the source id, e.g. us-spokeo")
    record.add_argument("state", metavar="STATE", choices=STATES, help=", ".join(STATES))
    record.add_argument("--persona", help="the persona (needed when there are several)")
    record.add_argument("--note", default="", help="a short note (no address or phone)")
    record.add_argument(
        "--evidence", type=Path, action="append", default=[], help="a file to keep as evidence"
    )
    record.set_defaults(handler=_record)

    for name, helptext in (
        ("moved", "I moved house: every address source is due today"),
        ("harassed", "I am being harassed: first steps, and every address source due today"),
    ):
        life = commands.add_parser(name, help=helptext)
        life.add_argument("--persona", help="only this persona (default: all)")
        life.set_defaults(handler=_life, life=name)

    countries = commands.add_parser("countries", help="show or choose the countries followed")
    countries.add_argument("codes", nargs="*", metavar="CODE", help="e.g. US GB")
    countries.set_defaults(handler=_countries)

    evidence = commands.add_parser("evidence", help="check that every evidence file is intact")
    evidence.set_defaults(handler=_evidence)


def _clock() -> tuple[datetime, tzinfo]:
    from app.services.reminders import local_zone, system_clock

    return system_clock(), local_zone()


def _personas(ctx: Any, name: str | None) -> list[Any]:
    from app.services.context import find_persona

    return [find_persona(ctx.db, name)] if name else ctx.db.personas()


def status_document(rows: list[SourceOverview], now: datetime, tz: tzinfo) -> dict[str, Any]:
    """The `--json` shape; add fields, never rename them."""
    from app.services.reminders import zone_name

    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "format": JSON_FORMAT_VERSION,
        "generated_at": now.isoformat(timespec="seconds"),
        "today": now.astimezone(tz).date().isoformat(),
        "timezone": zone_name(tz),
        "due_count": sum(1 for r in rows if r.due),
        "sources": [source_json(r, day) for r in rows],
    }


def source_json(row: SourceOverview, day: Any) -> dict[str, Any]:
    assert row.item.source is not None
    clock = row.next
    standing = row.standing
    return {
        "persona": row.persona.name,
        "persona_id": row.persona.id,
        "source": row.item.id,
        "checklist_id": row.checklist.id,
        "title": row.item.title,
        "country": row.item.source.country,
        "tier": row.item.source.tier,
        "operator": row.item.source.operator,
        "state": standing.state.value,
        "due": row.due,
        "cause": clock.cause.value if clock else None,
        "reason": clock.reason if clock else None,
        "next_due": day(clock.on if clock else None),
        "overdue_days": row.overdue_days,
        "last_checked": day(standing.last_checked),
        "removed_on": day(standing.removed_on),
        "relisted_count": standing.relisted_count,
        "opt_out_url": row.item.link,
    }


def _status(args: argparse.Namespace) -> int:
    from app.domain.due import format_day
    from app.services import findability
    from app.services.context import format_table, guarded, open_context

    def action() -> int:
        now, tz = _clock()
        with open_context() as ctx:
            personas = _personas(ctx, args.persona)
            rows = [
                r
                for p in personas
                for r in findability.persona_overview(ctx.db, ctx.catalog, p, now, tz)
            ]
            if not findability.findability_checklists(ctx.catalog):
                print("error: no findability checklist is loaded", file=sys.stderr)
                return 1
        if args.json:
            import json

            print(json.dumps(status_document(rows, now, tz), indent=2))
            return 0
        if not rows:
            print("No personas yet, or none follows a findability source.")
            return 0
        table = [("PERSONA", "SOURCE", "TIER", "STATE", "NEXT", "WHY")]
        for row in rows:
            clock = row.next
            when = "-"
            if clock is not None:
                when = "now" if row.due else format_day(clock.on)
            table.append(
                (
                    row.persona.name,
                    row.item.id,
                    str(row.tier),
                    row.standing.state.label,
                    when,
                    clock.cause.value.removeprefix("findability-") if clock else "",
                )
            )
        print("\n".join(format_table(table)))
        due = sum(1 for r in rows if r.due)
        print(f"{due} source(s) due now." if due else "Nothing is due.")
        return 0

    return guarded(action)


def _record(args: argparse.Namespace) -> int:
    from app.domain.findability import SourceState
    from app.services import findability
    from app.services.context import guarded, open_context

    def action() -> int:
        now, tz = _clock()
        with open_context() as ctx:
            if args.persona:
                persona = _personas(ctx, args.persona)[0]
            else:
                _, item = findability.find_source(ctx.catalog, args.source)
                followed = [p for p in ctx.db.personas() if item.applies(p.kind)]
                if len(followed) != 1:
                    names = ", ".join(p.name for p in followed) or "none"
                    print(
                        f"error: say which persona with --persona (following it: {names})",
                        file=sys.stderr,
                    )
                    return 1
                persona = followed[0]
            done = findability.record_step(
                ctx.db,
                ctx.catalog,
                persona,
                args.source,
                SourceState(args.state),
                now,
                tz,
                note=args.note,
                evidence=args.evidence,
            )
        kept = f" with {len(done.event.evidence)} evidence file(s)" if done.event.evidence else ""
        print(f"Recorded {done.event.item_id}: {args.state} for {persona.name}{kept}.")
        if done.sisters:
            names = ", ".join(s.id for s in done.sisters)
            print(f"Check the sister sites now (they are due today): {names}")
        return 0

    return guarded(action)


def _life(args: argparse.Namespace) -> int:
    from app.domain.findability import LifeEvent
    from app.services import findability
    from app.services.context import guarded, open_context

    def action() -> int:
        now, tz = _clock()
        kind = LifeEvent.MOVED if args.life == "moved" else LifeEvent.HARASSED
        with open_context() as ctx:
            personas = _personas(ctx, args.persona)
            findability.record_life_event(ctx.db, personas, kind, now)
            rows = [
                r
                for p in personas
                for r in findability.persona_overview(ctx.db, ctx.catalog, p, now, tz)
            ]
        if kind is LifeEvent.HARASSED:
            print(findability.first_steps_text(findability.first_steps()))
            print()
        due = findability.due_now(rows)
        print(f"{len(due)} source(s) that can show your address are due today, first things first:")
        for row in due:
            print(f"  {row.item.id}  ({row.persona.name})  {row.item.link or ''}".rstrip())
        return 0

    return guarded(action)


def _countries(args: argparse.Namespace) -> int:
    from app.services import findability
    from app.services.context import guarded, open_context

    def action() -> int:
        with open_context() as ctx:
            if args.codes:
                findability.set_countries(ctx.db, args.codes)
            chosen = findability.countries(ctx.db)
            offered = findability.available_countries(ctx.catalog)
        print(f"Following: {', '.join(chosen)}. Sources shipped for: {', '.join(offered)}.")
        return 0

    return guarded(action)


def _evidence(args: argparse.Namespace) -> int:
    from app.services import findability
    from app.services.context import guarded, open_context

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            problems = findability.evidence_problems(ctx.db)
        if not problems:
            print("Every evidence file is present and unchanged.")
            return 0
        for problem in problems:
            print(problem)
        return 3

    return guarded(action)
