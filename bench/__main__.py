"""Run every benchmark module (`bench/bench_*.py`, each with `run() -> list[Result]`)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench
from bench.common import Result


def main() -> int:
    wanted = sys.argv[1:]
    results: list[Result] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(bench.__path__)):
        if not module.startswith("bench_") or (wanted and module[6:] not in wanted):
            continue
        results.extend(importlib.import_module(f"bench.{module}").run())
    width = max((len(r.name) for r in results), default=10)
    failed = 0
    for result in results:
        verdict = "ok" if result.met else "OVER TARGET"
        failed += not result.met
        print(
            f"{result.name.ljust(width)}  {result.display:>14}  "
            f"target {result.target_display:>10}  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
