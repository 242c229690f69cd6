"""`tightrope practice pack export | import`, `practice acknowledge`, `practice attest`:
the group practice's signed files, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_REFUSED = 1

EXIT_CODES = """exit status:
  0  done
  1  refused, with one line saying why (nothing was changed)
  2  wrong usage"""

EXPORT_EPILOG = (
    """The pack holds the practice profile and office policy (`tightrope practice show`),
the practice's own checklists (the files in the data folder's checklists/), what each
clinician must complete and how often, and the statement they acknowledge. It is signed
with the practice's key, kept in this computer's keyring.

  --require CHECKLIST:DAYS            every clinician, re-checked at least every DAYS
  --require CHECKLIST:DAYS:NAME;NAME  only the clinicians named
Requirements and the statement are remembered for the next pack.

examples:
  tightrope practice pack export /shared/practice/practice.tightrope-pack.json \\
      --require instagram:90 --require facebook:60

"""
    + EXIT_CODES
)

IMPORT_EPILOG = (
    """The first pack from a practice shows its key's fingerprint: compare it with the one
the practice's owner gives you (in person or by phone), then confirm, or pass it with
--trust. Later packs must carry the same key and a higher version.

"""
    + EXIT_CODES
)


def register_group_actions(commands: Any) -> None:
    """Add `pack`, `acknowledge` and `attest` under `tightrope practice`."""
    formatter = argparse.RawDescriptionHelpFormatter
    pack = commands.add_parser(
        "pack",
        help="make or import the practice pack (group practices)",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="make a signed practice pack for every clinician's desk",
        epilog=EXPORT_EPILOG,
        formatter_class=formatter,
    )
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument(
        "--require",
        action="append",
        default=[],
        metavar="CHECKLIST:DAYS",
        help="a checklist every clinician must complete (repeat for more; see below)",
    )
    export.add_argument("--no-requirements", action="store_true", help="require nothing")
    export.add_argument("--statement", metavar="TEXT", help="what each clinician acknowledges")
    export.set_defaults(handler=_export)
    imp = actions.add_parser(
        "import",
        help="import the practice's pack on this desk",
        epilog=IMPORT_EPILOG,
        formatter_class=formatter,
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--trust", metavar="FINGERPRINT", help="the practice key's fingerprint")
    imp.set_defaults(handler=_import)
    unpin = actions.add_parser(
        "unpin",
        help="forget the practice's key, when the practice had to make a new one",
        description="Forget the practice key this desk trusts. Do this only when the "
        "practice's owner tells you their key changed; the next pack then shows its "
        "fingerprint to confirm again, and may start again at a lower version.",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    unpin.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    unpin.add_argument(
        "--clinician",
        metavar="NAME",
        help="on the owner's desk: forget the key pinned for this clinician instead",
    )
    unpin.set_defaults(handler=_unpin)

    ack = commands.add_parser(
        "acknowledge",
        help="record that you read the practice's office policy",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    ack.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    ack.set_defaults(handler=_acknowledge)

    attest = commands.add_parser(
        "attest",
        help="save your signed attestation for the practice's owner",
        description="Save what the practice's owner may see of this desk: your name, the "
        "policy you acknowledged, and for each required checklist your last complete review, "
        "its version and date, and how many items are put off or open. Never notes, "
        "secrets or (unless you ask) the handles of personal accounts.",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    attest.add_argument("file", type=Path, metavar="FILE")
    attest.add_argument("--name", help="your name as the practice lists it (remembered)")
    attest.add_argument(
        "--with-personal-handles",
        action="store_true",
        help="include the handles of your personal accounts (left out by default)",
    )
    attest.set_defaults(handler=_attest)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_REFUSED


def _keys(db: Any) -> Any:
    from app.store.vault import Vault

    return Vault.for_database(db)


def _export(args: argparse.Namespace) -> int:
    from app.reports.wording import load_policy_wording
    from app.services.context import guarded, open_context
    from app.services.practice_pack import PackPlan, export_pack, plan_from, save_plan
    from app.store.vault import VaultUnavailable

    def action() -> int:
        with open_context() as ctx:
            plan = plan_from(args.require, args.statement, ctx.db)
            if args.no_requirements:
                plan = PackPlan((), plan.statement)
            try:
                made = export_pack(
                    ctx.db, ctx.catalog, _keys(ctx.db), args.file, plan, load_policy_wording()
                )
            except VaultUnavailable as exc:
                return _fail(f"the practice's key cannot be used: {exc}")
            save_plan(ctx.db, plan)
        content = made.content
        print(f"Saved practice pack version {content.pack_version} to {args.file}")
        print(f"Practice key fingerprint: {made.fingerprint}")
        if made.key_changed_from:
            print(
                f"note: the practice's key changed since the last pack (it was "
                f"{made.key_changed_from}); the keyring no longer holds the old one. Every "
                "desk must run `tightrope practice pack unpin` and confirm the new fingerprint."
            )
        print(
            f"  {len(content.checklists)} practice checklist(s), {len(content.requirements)} "
            f'requirement(s); clinicians acknowledge: "{content.statement}"'
        )
        return EXIT_OK

    return guarded(action)


def _ask(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _import(args: argparse.Namespace) -> int:
    from app.reports.wording import load_policy_wording
    from app.services.context import guarded, open_context
    from app.services.practice_import import import_pack

    def confirm(fingerprint: str) -> bool:
        print(
            f"This is the first pack from this practice. Its key's fingerprint is:\n\n"
            f"    {fingerprint}\n"
        )
        return _ask("Is it the fingerprint the practice's owner gave you? [y/N] ")

    def action() -> int:
        wording = load_policy_wording()
        with open_context() as ctx:
            result = import_pack(
                ctx.db, ctx.catalog, args.file, wording, trust=args.trust, confirm=confirm
            )
        if result.unchanged:
            print(
                f"Practice pack version {result.pack_version} is already in force; nothing changed."
            )
            return EXIT_OK
        print(f"Imported practice pack version {result.pack_version} (key {result.fingerprint}).")
        for line in result.changes:
            print(f"  {line}")
        print("Run `tightrope practice acknowledge` once you have read the policy.")
        return EXIT_OK

    return guarded(action)


def _unpin(args: argparse.Namespace) -> int:
    from app.services.context import guarded, open_context
    from app.services.practice_import import unpin_practice_key

    def action() -> int:
        whose = f"{args.clinician}'s key" if args.clinician else "the practice's key"
        if not args.yes and not _ask(f"Forget {whose} on this desk? [y/N] "):
            return _fail("nothing was changed (answer y, or pass --yes)")
        if args.clinician:
            from app.services.attestation import forget_staff_key

            with open_context(with_catalog=False) as ctx:
                gone = forget_staff_key(ctx.db, args.clinician)
            if gone is None:
                return _fail(f"no key is pinned for {args.clinician} on this desk")
            print(f"Forgot {whose} {gone}; their next attestation pins the new one.")
            return EXIT_OK
        with open_context(with_catalog=False) as ctx:
            forgotten = unpin_practice_key(ctx.db)
        if forgotten is None:
            print("No practice key was pinned on this desk.")
        else:
            print(f"Forgot the practice key {forgotten}. The next pack asks to confirm its key.")
        return EXIT_OK

    return guarded(action)


def _acknowledge(args: argparse.Namespace) -> int:
    from app.services.attestation import acknowledge
    from app.services.context import guarded, open_context
    from app.services.practice_pack import pack_in_force

    def action() -> int:
        with open_context(with_catalog=False) as ctx:
            pack = pack_in_force(ctx.db)
            if pack is None:
                return _fail("there is no practice pack on this desk yet; import one first")
            statement = pack.content.statement
            if not args.yes and not _ask(f'"{statement}". Record this now? [y/N] '):
                return _fail("nothing was recorded (answer y, or pass --yes)")
            acknowledge(ctx.db)
        print(f'Recorded: "{statement}".')
        return EXIT_OK

    return guarded(action)


def _attest(args: argparse.Namespace) -> int:
    from app.services.attestation import export_attestation, set_clinician_name
    from app.services.context import guarded, open_context
    from app.store.vault import VaultUnavailable

    def action() -> int:
        with open_context() as ctx:
            if args.name is not None:
                set_clinician_name(ctx.db, args.name)
            try:
                made = export_attestation(
                    ctx.db,
                    ctx.catalog,
                    _keys(ctx.db),
                    args.file,
                    with_personal_handles=args.with_personal_handles,
                )
            except VaultUnavailable as exc:
                return _fail(f"your key cannot be used: {exc}")
        attestation = made.attestation
        print(f"Saved the attestation of {attestation.clinician} to {args.file}")
        print(f"Your key's fingerprint: {made.fingerprint}")
        if attestation.acknowledged is None:
            print(
                "note: you have not acknowledged the policy yet (tightrope practice acknowledge)."
            )
        return EXIT_OK

    return guarded(action)


def register_staff_report(reports: Any) -> None:
    """`tightrope report staff --attestations FOLDER --pdf FILE`."""
    command = reports.add_parser(
        "staff",
        help="the staff summary of a group practice, from its clinicians' attestations",
        description="Check every attestation in FOLDER against the practice pack made on "
        "this desk and save who acknowledged which policy version and who is overdue or "
        "has not attested, per clinician and per requirement.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--attestations", type=Path, metavar="FOLDER", required=True)
    command.add_argument("--pdf", type=Path, metavar="FILE", help="save it as a PDF")
    command.add_argument("--html", type=Path, metavar="FILE", help="save it as HTML")
    command.add_argument("--page-size", choices=("a4", "letter"), default="a4")
    command.set_defaults(handler=_staff, report_parser=command)


def _staff(args: argparse.Namespace) -> int:
    from app.reports.templating import ReportError
    from app.services.context import guarded, open_context

    if args.pdf is None and args.html is None:
        args.report_parser.error("say where to save it: --pdf FILE, --html FILE, or both")

    def action() -> int:
        from app.reports.documents import save_html, save_pdf
        from app.reports.staff import render_staff
        from app.store.user_files import check_output_path

        for target in (args.pdf, args.html):
            if target is not None:
                check_output_path(target, "the staff summary")
        with open_context() as ctx:
            report, view = render_staff(ctx.db, ctx.catalog, args.attestations.expanduser())
        for name, fingerprint in view.newly_pinned:
            print(f"Pinned {name}'s key on first sight: {fingerprint}")
        for name, why in view.refused:
            print(f"note: {name} was not used: {why}")
        for c in view.clinicians:
            print(f"  {c.name}: {c.status}. {c.detail}")
        if args.html is not None:
            save_html(report, args.html)
            print(f"Saved {args.html}")
        if args.pdf is not None:
            from app.reports.pdf import PageSize

            pages = save_pdf(report, args.pdf, PageSize(args.page_size))
            print(f"Saved {args.pdf} ({pages} page{'s' if pages != 1 else ''})")
        return EXIT_OK

    try:
        return guarded(action)
    except ReportError as exc:
        return _fail(str(exc))
