"""`tightrope report policy | audit`: the printable reports, saved as PDF and/or HTML.

No window is shown: the PDF is drawn by Qt without a display when there is none.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

EXIT_SAVED = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2

EXIT_CODES = """exit status:
  0  the report was saved
  1  it could not be made or saved (the message says why: a template error with its
     file and line, a folder that does not exist, unreadable data, ...)
  2  wrong usage, e.g. neither --pdf nor --html given"""

_REPORTS = {
    "policy": (
        "the office social-media policy you give to clients",
        "Save the office social-media policy (practice details, each policy section as "
        "set with `tightrope practice set`, the practice's professional accounts).",
    ),
    "audit": (
        "the privacy audit summary: what you checked, when, against which checklist",
        "Save the privacy audit of the clinician using Tightrope (tightrope practice set me "
        "NAME): per persona and account, the checklist release reviewed, when, settings "
        "done / not applicable / put off / not yet answered / changed since the answer, "
        "with notes, the review history, open separation warnings, and one signature block. "
        "Personal accounts are shown by platform and persona, without their handles unless "
        "--with-personal-handles is given. Never any secret field.",
    ),
}


PROGRESS_AFTER_S = 1.0
"""A PDF that is not done by then shows its progress, on a terminal."""


class TerminalProgress:
    """One self-rewriting line on `stream` saying how far a PDF has got, for a document
    that takes more than a moment, and only when `stream` is a terminal (never in a pipe
    or a log). `close` wipes the line."""

    def __init__(
        self,
        stream: TextIO,
        *,
        after: float = PROGRESS_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._show_from = clock() + after
        self._enabled = stream.isatty()
        self._width = 0

    def __call__(self, percent: int, what: str) -> None:
        if not self._enabled or (not self._width and self._clock() < self._show_from):
            return
        line = f"{what}… {percent}%"
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = max(self._width, len(line))

    def close(self) -> None:
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "report",
        help="save the office policy or the privacy audit summary as PDF or HTML",
        description="Save a printable report as PDF and/or HTML, without opening a window.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reports = group.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    for kind, (summary, description) in _REPORTS.items():
        command = reports.add_parser(
            kind,
            help=summary,
            description=description,
            epilog=EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_argument("--pdf", type=Path, metavar="FILE", help="save it as a PDF")
        command.add_argument("--html", type=Path, metavar="FILE", help="save it as HTML")
        command.add_argument(
            "--page-size",
            choices=("a4", "letter"),
            default=None,
            help="paper size of the PDF (default: the practice's country's paper, Letter in "
            "the US and Canada, else A4; see `tightrope practice set country`)",
        )
        if kind == "policy":
            command.add_argument(
                "--language",
                choices=("en", "es", "fr"),
                default="en",
                help="the language of the default wording: en (English, the default), es "
                "(Spanish) or fr (French); wording the practice wrote itself is printed "
                "as written",
            )
        command.add_argument(
            "--templates",
            type=Path,
            metavar="DIR",
            help="use your own templates from DIR (default: the folder chosen in the app, "
            "else the built-in templates)",
        )
        if kind == "audit":
            command.add_argument(
                "--with-personal-handles",
                action="store_true",
                help="also print the handles and profile addresses of personal accounts "
                "(left out by default: a list of your personal accounts is itself a risk)",
            )
        command.set_defaults(handler=_report, report_parser=command)
    from app.commands.practice_pack import register_staff_report

    register_staff_report(reports)


def _report(args: argparse.Namespace) -> int:
    if args.pdf is None and args.html is None:
        args.report_parser.error("say where to save it: --pdf FILE, --html FILE, or both")
    pdf: Path | None = args.pdf.expanduser() if args.pdf else None
    html: Path | None = args.html.expanduser() if args.html else None
    if pdf is not None and html is not None and pdf.resolve() == html.resolve():
        args.report_parser.error("--pdf and --html must be different files")

    from app.reports.documents import ReportKind, render_report, save_html, save_pdf, template_dir
    from app.reports.templating import ReportError
    from app.services.context import guarded, open_context
    from app.services.place import practice_place

    def action() -> int:
        with open_context() as ctx:
            folder = args.templates.expanduser() if args.templates else template_dir(ctx.db)
            report = render_report(
                ReportKind(args.report_kind),
                ctx.db,
                ctx.catalog,
                template_folder=folder,
                with_personal_handles=bool(getattr(args, "with_personal_handles", False)),
                language=getattr(args, "language", "en"),
            )
            country = practice_place(ctx.db).country
        if html is not None:
            save_html(report, html)
            print(f"Saved {html}")
        if pdf is not None:
            from app.reports.pdf import PageSize

            size = PageSize(args.page_size or (country.paper if country else "a4"))
            progress = TerminalProgress(sys.stderr, after=PROGRESS_AFTER_S)
            try:
                pages = save_pdf(report, pdf, size, progress=progress)
            finally:
                progress.close()
            print(f"Saved {pdf} ({pages} page{'s' if pages != 1 else ''}, {size.label})")
        return EXIT_SAVED

    try:
        return guarded(action)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
