"""`tightrope report policy | audit`: the printable reports, saved as PDF and/or HTML.

No window is shown: the PDF is drawn by Qt without a display when there is none.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

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
        "Save the privacy audit summary: per persona and account, the checklist version "
        "reviewed, when, items done / not applicable / pending with their notes, items to "
        "re-check, open separation warnings, and a line to sign. Never any secret field.",
    ),
}


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
            default="a4",
            help="paper size of the PDF (default: a4)",
        )
        command.add_argument(
            "--templates",
            type=Path,
            metavar="DIR",
            help="use your own templates from DIR (default: the folder chosen in the app, "
            "else the built-in templates)",
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

    def action() -> int:
        with open_context() as ctx:
            folder = args.templates.expanduser() if args.templates else template_dir(ctx.db)
            report = render_report(
                ReportKind(args.report_kind), ctx.db, ctx.catalog, template_folder=folder
            )
        if html is not None:
            save_html(report, html)
            print(f"Saved {html}")
        if pdf is not None:
            from app.reports.pdf import PageSize

            size = PageSize(args.page_size)
            pages = save_pdf(report, pdf, size)
            print(f"Saved {pdf} ({pages} page{'s' if pages != 1 else ''}, {size.label})")
        return EXIT_SAVED

    try:
        return guarded(action)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
