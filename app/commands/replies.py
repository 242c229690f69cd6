"""`tightrope reply list | show SITUATION` and `tightrope check-draft [FILE|-]`: the reply
library filled in for this practice, and the offline check of a draft before it is
posted."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.domain.practice import PracticeProfile

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_FOUND = 3
JSON_FORMAT = 1
MAX_DRAFT_BYTES = 1_000_000

REPLY_CODES = """exit status:
  0  done
  1  the situation is unknown (the message lists them), or the data could not be read
  2  wrong usage"""

CHECK_EPILOG = """Reads the draft from FILE, or from standard input when FILE is - or missing.
Each finding is printed on one line: LINE:COLUMN: CATEGORY: what was found, the words,
why it matters, and the reply situation to read instead. Nothing is sent anywhere.

kinds (where the draft will appear; guessed from the words when not given):
  post          a general public post
  reply         a public reply or comment to someone
  review-reply  a public reply under a review
  private       a direct message

exit status:
  0  nothing was found
  1  the input could not be read (not found, not text, too large)
  2  wrong usage
  3  something was found"""


def register(subparsers: Any) -> None:
    reply = subparsers.add_parser(
        "reply",
        help="kind, safe replies to clients' contacts online (friend requests, reviews...)",
        epilog=REPLY_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = reply.add_subparsers(dest="reply_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every situation the library covers")
    listing.add_argument("--json", action="store_true", help="versioned JSON output")
    listing.set_defaults(handler=_list)
    show = actions.add_parser(
        "show",
        help="the guidance and replies for one situation, filled in for your practice",
        epilog=REPLY_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("situation", metavar="SITUATION", help="an id from `reply list`")
    show.add_argument("--json", action="store_true", help="versioned JSON output")
    show.set_defaults(handler=_show)

    check = subparsers.add_parser(
        "check-draft",
        help="check a reply, comment or post for anything that could reveal a client",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("file", metavar="FILE", nargs="?", default="-")
    check.add_argument(
        "--kind",
        choices=("post", "reply", "review-reply", "private"),
        help="where the draft will appear (default: guessed)",
    )
    check.add_argument("--json", action="store_true", help="versioned JSON output")
    check.set_defaults(handler=_check)


def _profile() -> PracticeProfile:
    """The practice profile when the data folder has one, else an empty profile: the
    library and the check work without any data."""
    from app.domain.practice import PracticeProfile
    from app.store.database import Database, DatabaseError, default_path

    if not default_path().exists():
        return PracticeProfile()
    try:
        with Database.open() as db:
            return db.practice()
    except (DatabaseError, OSError):
        return PracticeProfile()


def _list(args: argparse.Namespace) -> int:
    from app.services.context import format_table
    from app.services.replies import shipped_replies

    replies = shipped_replies()
    situations = replies.library.sorted()
    if args.json:
        rows = [
            {"id": s.id, "title": s.title, "version": s.version, "summary": s.summary}
            for s in situations
        ]
        print(json.dumps({"format": JSON_FORMAT, "situations": rows}, indent=2))
    else:
        table = [("SITUATION", "WHAT HAPPENED")] + [(s.id, s.title) for s in situations]
        print("\n".join(format_table(table)))
        print("\nRead one with: tightrope reply show SITUATION")
    for problem in replies.problems:
        print(f"note: a reply file did not load: {problem}", file=sys.stderr)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from app.services.replies import shipped_replies

    replies = shipped_replies()
    try:
        filled = replies.filled(args.situation, _profile())
    except LookupError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return EXIT_REFUSED
    situation = filled.situation
    if args.json:
        data = {
            "format": JSON_FORMAT,
            "id": situation.id,
            "title": situation.title,
            "version": situation.version,
            "reviewed": situation.reviewed.isoformat(),
            "stance": filled.stance,
            "summary": situation.summary,
            "guidance": list(filled.guidance),
            "private_reply": filled.private_reply,
            "private_reply_none": filled.private_reply_none,
            "public_reply": filled.public_reply,
            "public_reply_none": filled.public_reply_none,
            "appointment": filled.appointment,
            "never": list(situation.never),
            "sleep_on_it": situation.sleep_on_it,
            "references": [
                {"title": r.title, "url": r.url, "checked": r.checked.isoformat(), "note": r.note}
                for r in situation.references
            ],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    print("\n".join(show_lines(filled)))
    return EXIT_OK


def show_lines(filled: Any) -> list[str]:
    situation = filled.situation
    lines = [situation.title, "=" * len(situation.title), "", situation.summary, ""]
    lines += [*(p for para in filled.guidance for p in (para, ""))]
    lines.append("Private reply:")
    lines += _indented(filled.private_reply or f"None. {filled.private_reply_none}")
    lines.append("Public reply:")
    lines += _indented(filled.public_reply or f"None. {filled.public_reply_none}")
    lines.append("At the next appointment:")
    lines += _indented(filled.appointment)
    lines.append("Never:")
    lines += [f"  - {item}" for item in situation.never]
    lines += ["", "References:"]
    for ref in situation.references:
        where = f" {ref.url}" if ref.url else ""
        lines.append(f"  - {ref.title}{where} (checked {ref.checked.isoformat()})")
    stance = f", following your policy stance '{filled.stance}'" if filled.stance else ""
    lines += [
        "",
        f"Version {situation.version}, reviewed {situation.reviewed.isoformat()}{stance}.",
    ]
    return lines


def _indented(text: str) -> list[str]:
    return [f"  {line}" if line else "" for line in text.splitlines()] + [""]


def read_draft(name: str) -> str:
    """The draft's text; `ValueError` with one plain line when it cannot be read."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1)
            where = "standard input"
        else:
            path = Path(name)
            where = str(path)
            with path.open("rb") as handle:
                data = handle.read(MAX_DRAFT_BYTES + 1)
    except FileNotFoundError:
        raise ValueError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise ValueError(f"{name}: cannot be read: {exc.strerror}") from None
    if len(data) > MAX_DRAFT_BYTES:
        raise ValueError(
            f"{where}: is larger than {MAX_DRAFT_BYTES:,} bytes; check a shorter draft"
        )
    if b"\x00" in data:
        raise ValueError(f"{where}: is not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{where}: is not UTF-8 text") from None


def _check(args: argparse.Namespace) -> int:
    from app.domain.draft_check import infer_kind
    from app.services.replies import shipped_replies

    try:
        text = read_draft(args.file)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    replies = shipped_replies()
    kind = args.kind or infer_kind(text)
    findings = replies.check(text, kind, _profile())
    if args.json:
        rows = [
            {
                "rule": f.rule_id,
                "category": f.category,
                "title": f.title,
                "start": f.start,
                "end": f.end,
                "text": f.excerpt,
                "explanation": f.explain,
                "suggest": f.suggest,
            }
            for f in findings
        ]
        data = {
            "format": JSON_FORMAT,
            "rules_version": replies.rules.version,
            "kind": kind,
            "findings": rows,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding.line(text))
        if not findings:
            print(
                f"Nothing found (checked as a {kind}, rules {replies.rules.version}). "
                "The check misses some problems: read the draft once more before posting.",
                file=sys.stderr,
            )
    return EXIT_FOUND if findings else EXIT_OK
