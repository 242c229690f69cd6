"""`tightrope practice show | set`: the practice profile the office policy is printed from,
so a group practice can script the same set-up on every desk."""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_OK = 0
EXIT_REFUSED = 1

EXIT_CODES = """exit status:
  0  done
  1  the field or value was refused (the message lists the valid ones), or the data
     could not be read or written
  2  wrong usage"""

SET_EPILOG = (
    """fields:
  name, clinicians, address, phone, email, website,
  emergency_wording, crisis_line, policy_version, policy_effective (YEAR-MONTH-DAY),
  and stance.SECTION for each section of the policy (see `tightrope practice show`).
  me: which of the clinicians uses this copy of Tightrope; the privacy audit is theirs
  (titled with their name, one signature block). It must be written as in clinicians.

  country: the two-letter ISO code of the country you practise in: US, GB (the
  United Kingdom), IE, CA, AU or NZ. It chooses the privacy law, emergency number,
  crisis line, date style and paper the policy uses, and the codes the audit lists.
  profession: counsellor, psychotherapist, psychologist, social worker,
  marriage and family therapist or psychiatrist.
  credit: yes (the default) or no; no leaves the closing line "Prepared with
  Tightrope … on …" off the policy the client is given.

  A stance is one of the section's options, `default`, or your own wording as a
  sentence in quotes. In address, emergency_wording and your own wording, \\n starts a
  new line and \\n\\n a new paragraph. An empty value clears a field.

  clinicians: separate the clinicians with a semicolon (or \\n); a comma stays inside
  one clinician, so credentials can follow the name. `practice show` prints them in
  this same form, so its value can be pasted back into `practice set` unchanged.

examples:
  tightrope practice set name "Riverside Counselling"
  tightrope practice set clinicians "Dr Maya Patel, LCSW; Tom O'Brien, LPC"
  tightrope practice set me "Dr Jane Doe"
  tightrope practice set stance.search-engines emergency-only
  tightrope practice set stance.check-ins "Please do not check in at the office."
  tightrope practice set country GB
  tightrope practice set profession "social worker"
  tightrope practice set credit no

"""
    + EXIT_CODES
)


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "practice",
        help="show or set the practice profile that the office policy is printed from",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = group.add_subparsers(dest="practice_command", metavar="ACTION", required=True)
    show = commands.add_parser(
        "show",
        help="every field, its value, and the options for each policy section",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.set_defaults(handler=_show)
    set_ = commands.add_parser(
        "set",
        help="set one field, e.g. practice set name 'Riverside Counselling'",
        epilog=SET_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    set_.add_argument("field", metavar="FIELD")
    set_.add_argument("value", metavar="VALUE")
    set_.set_defaults(handler=_set)
    from app.commands.practice_pack import register_group_actions

    register_group_actions(commands)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def _unescape(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        out.append({"n": "\n", "\\": "\\"}.get(following, "\\" + following))
    return "".join(out)


def _show(args: argparse.Namespace) -> int:
    from app.domain.policy import practice_field_values, unused_stances
    from app.reports.wording import load_places, load_policy_wording
    from app.services.context import format_table, guarded, open_context
    from app.services.place import practice_place

    def action() -> int:
        wording = load_policy_wording()
        from app.services.practice_pack import made_pack, pack_in_force

        with open_context(with_catalog=False) as ctx:
            profile = ctx.db.practice()
            place = practice_place(ctx.db)
            pack = pack_in_force(ctx.db)
            made = made_pack(ctx.db)
        if not profile.is_set_up:
            print("The practice is not set up yet: tightrope practice set name 'Your Practice'")
        if pack is not None:
            print(
                f"Set by the practice pack version {pack.content.pack_version} "
                f"(key {pack.fingerprint}); read-only on this desk."
            )
        if made is not None:
            print(
                f"This desk made practice pack version {made.content.pack_version}; "
                f"the practice's key fingerprint is {made.fingerprint}."
            )
        rows = [("FIELD", "VALUE")]
        rows.append(
            ("country", f"{place.country.code} ({place.country.name})" if place.country else "")
        )
        rows.append(
            ("profession", place.profession.label_for(place.country) if place.profession else "")
        )
        rows += [
            (field, _escape(value)) for field, value in practice_field_values(profile, wording)
        ]
        from app.services.clinician import current_clinician
        from app.services.reports import shows_generator

        with open_context(with_catalog=False) as ctx:
            rows.append(("me", current_clinician(ctx.db, profile)))
            rows.append(("credit", "yes" if shows_generator(ctx.db) else "no"))
        print("\n".join(format_table(rows)))
        print()
        places = load_places()
        print(
            f"Countries: {', '.join(places.country_codes)}. Professions: "
            f"{', '.join(p.label for p in places.professions)}."
        )
        print("Policy stances: one option per section, or your own wording in quotes.")
        for section in wording.sections:
            names = [
                f"{o.name} (default)" if o.name == section.default else o.name
                for o in section.options
            ]
            print(f"  stance.{section.key}: {', '.join(names)}")
        for key in unused_stances(wording, profile.stances):
            print(f"note: the stance for '{key}' is kept but no longer printed.")
        return EXIT_OK

    return guarded(action)


def _set(args: argparse.Namespace) -> int:
    from app.domain.policy import PracticeFieldError, set_practice_field
    from app.reports.wording import load_policy_wording
    from app.services.context import guarded, open_context

    def action() -> int:
        if args.field == "me":
            return _set_me(args.value)
        if args.field == "credit":
            return _set_credit(args.value)
        if args.field in PLACE_FIELDS:
            return _set_place(args.field, _unescape(args.value))
        wording = load_policy_wording()
        from app.services.practice_pack import pack_in_force

        with open_context(with_catalog=False) as ctx:
            pack = pack_in_force(ctx.db)
            if pack is not None:
                print(
                    f"error: {args.field} is set by the practice pack version "
                    f"{pack.content.pack_version}; ask the practice's owner for a new pack",
                    file=sys.stderr,
                )
                return EXIT_REFUSED
            try:
                profile = set_practice_field(
                    ctx.db.practice(), args.field, _unescape(args.value), wording
                )
            except PracticeFieldError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return EXIT_REFUSED
            ctx.db.save_practice(profile)
        print(f"Set {args.field}.")
        return EXIT_OK

    return guarded(action)


def _set_me(name: str) -> int:
    from app.services.clinician import ClinicianError, set_clinician
    from app.services.context import open_context

    with open_context(with_catalog=False) as ctx:
        try:
            stored = set_clinician(ctx.db, name)
        except ClinicianError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_REFUSED
    print(f"The privacy audit is now {stored}'s." if stored else "No clinician is named now.")
    return EXIT_OK


def _set_credit(value: str) -> int:
    from app.services.context import open_context
    from app.services.reports import SHOW_GENERATOR_SETTING

    answer = value.strip().lower()
    if answer not in ("yes", "no"):
        print("error: credit must be yes or no", file=sys.stderr)
        return EXIT_REFUSED
    with open_context(with_catalog=False) as ctx:
        ctx.db.set_setting(SHOW_GENERATOR_SETTING, answer)
    print(
        "The policy ends with the line naming Tightrope."
        if answer == "yes"
        else "The policy no longer names Tightrope at its end."
    )
    return EXIT_OK


PLACE_FIELDS = ("country", "profession")


def _set_place(field: str, value: str) -> int:
    """`practice set country CODE` and `practice set profession NAME` (kept as settings)."""
    from app.domain.jurisdiction import PlaceError
    from app.services.context import open_context
    from app.services.place import set_country, set_profession

    with open_context(with_catalog=False) as ctx:
        try:
            if field == "country":
                country = set_country(ctx.db, value)
                chosen = f"{country.code} ({country.name})" if country else None
            else:
                profession = set_profession(ctx.db, value)
                chosen = profession.label if profession else None
        except PlaceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_REFUSED
    print(f"Set {field} to {chosen}." if chosen else f"Cleared {field}.")
    return EXIT_OK
