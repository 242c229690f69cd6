"""Loading and validating checklists: the shipped set, and a synthetic 200 x 50 set."""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.store.checklist_files import load_catalog
from app.store.paths import shipped_checklists_dir
from bench.common import Result, best_ms
from tests.checklist_factory import raw_checklist, raw_item, to_toml


def _synthetic(directory: Path, checklists: int = 200, items: int = 50) -> None:
    for n in range(checklists):
        data = raw_checklist(f"synthetic-{n}", items=[raw_item(f"s{n}-{i}") for i in range(items)])
        (directory / f"synthetic-{n}.toml").write_text(to_toml(data), encoding="utf-8")


def run() -> list[Result]:
    shipped = shipped_checklists_dir()
    results = [
        Result("load+validate shipped checklists", best_ms(lambda: load_catalog(shipped)), "ms", 50)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _synthetic(directory)
        elapsed = best_ms(lambda: load_catalog(directory), repeat=3)
        results.append(Result("load+validate 200 x 50 synthetic", elapsed, "ms", 2000))
    return results
