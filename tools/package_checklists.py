"""Setuptools build step: wheels carry the shipped checklists as `app/shipped_checklists/`.

The checklists live in the repository's `checklists/` (reviewed there, outside the Python
package); a source checkout and an editable install read them in place, which
`app.store.paths.shipped_checklists_dir` handles. A wheel has no repository around it, so
this copies them into the built package. Named in pyproject.toml under
`[tool.setuptools.cmdclass]`; the sdist carries this file (MANIFEST.in) so a wheel built
from the sdist gets the checklists too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "checklists"
PACKAGE_DIR = ("app", "shipped_checklists")
PATTERNS = ("*.toml", "schema.json")
REPLIES = ROOT / "replies"
REPLIES_PACKAGE_DIR = ("app", "shipped_replies")
REPLY_PATTERNS = ("*.toml", "schema.json", "check/*.toml")


def checklist_sources() -> list[Path]:
    return sorted({p for pattern in PATTERNS for p in SOURCE.glob(pattern) if p.is_file()})


def reply_sources() -> list[Path]:
    """The reply library and the draft check's rules and corpus, as paths under replies/."""
    return sorted(
        {p.relative_to(REPLIES) for g in REPLY_PATTERNS for p in REPLIES.glob(g) if p.is_file()}
    )


class BuildPyWithChecklists(build_py):
    """`build_py`, then copy `checklists/` into the built `app` package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        sources = checklist_sources()
        if not sources:
            raise SystemExit(
                f"{SOURCE}: no checklist files found; a build without them would not work."
            )
        target = Path(self.build_lib).joinpath(*PACKAGE_DIR)
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for source in sources:
            shutil.copyfile(source, target / source.name)
        replies = Path(self.build_lib).joinpath(*REPLIES_PACKAGE_DIR)
        if replies.exists():
            shutil.rmtree(replies)
        for relative in reply_sources():
            (replies / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPLIES / relative, replies / relative)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            target = Path(self.build_lib).joinpath(*PACKAGE_DIR)
            outputs.extend(str(target / s.name) for s in checklist_sources())
            replies = Path(self.build_lib).joinpath(*REPLIES_PACKAGE_DIR)
            outputs.extend(str(replies / r) for r in reply_sources())
        return outputs
