"""Replies and reviews: the reply library filled in for this practice, the draft check,
and the record of each contact that was handled.

Shared by the Replies screen and the `reply` / `check-draft` commands. Nothing here keeps
a draft's text unless the user asked to keep it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.domain.draft_check import Finding, check_draft
from app.domain.draft_rules import RuleSet
from app.domain.practice import PracticeProfile
from app.domain.replies import FilledSituation, Situation, check_against_policy, fill_situation
from app.store import paths
from app.store.draft_rules_file import load_rules
from app.store.reply_files import ReplyLibrary, load_library


@dataclass(frozen=True)
class Replies:
    """The library and the rules, loaded once; `problems` lists files that did not load."""

    library: ReplyLibrary
    rules: RuleSet
    problems: tuple[str, ...]

    def situation(self, situation_id: str) -> Situation:
        found = self.library.get(situation_id.strip().lower())
        if found is None:
            known = ", ".join(s.id for s in self.library.sorted())
            raise LookupError(f"'{situation_id}' is not a situation. Use one of: {known}")
        return found

    def filled(self, situation_id: str, profile: PracticeProfile) -> FilledSituation:
        from app.reports.wording import load_policy_wording

        return fill_situation(self.situation(situation_id), profile, load_policy_wording())

    def check(
        self, text: str, kind: str | None = None, profile: PracticeProfile | None = None
    ) -> list[Finding]:
        names: list[str] = []
        if profile is not None:
            names = [profile.name, *profile.clinicians]
        return check_draft(text, self.rules, kind, allowed_names=names)


def load_replies(folder: Path | None = None, user_folder: Path | None = None) -> Replies:
    """The shipped library and rules (or those in `folder`), plus the user's own situations.

    The rules must load (they ship with the app); a situation file that does not load is
    left out and named in `problems`.
    """
    from app.reports.wording import load_policy_wording

    shipped = folder or paths.shipped_replies_dir()
    library = load_library(shipped, user_folder)
    wording = load_policy_wording()
    problems = list(library.problems)
    for situation in list(library.situations.values()):
        found = check_against_policy(situation, wording)
        if found:
            problems.extend(found)
            del library.situations[situation.id]
    rules = load_rules(shipped, tuple(library.situations))
    return Replies(library, rules, tuple(problems))


@cache
def shipped_replies() -> Replies:
    """The shipped library and rules, with the user's own situations; parsed once."""
    return load_replies(user_folder=paths.user_replies_dir())


def finding_lines(text: str, findings: Sequence[Finding]) -> list[str]:
    return [finding.line(text) for finding in findings]
