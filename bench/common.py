"""Shared helpers for benchmarks: best-of-N wall-clock timing and result rows."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    target: float
    lower_is_better: bool = True

    @property
    def met(self) -> bool:
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    @property
    def display(self) -> str:
        return f"{self.value:.2f} {self.unit}" if self.unit != "x" else f"{self.value:.2f}x"

    @property
    def target_display(self) -> str:
        return f"{self.target:g} {self.unit}" if self.unit != "x" else f"{self.target:g}x"


def best_ms(action: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of `repeat` runs, in milliseconds: the least disturbed by other work."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best
