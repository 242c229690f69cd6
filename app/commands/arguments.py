"""Argument types shared by the commands: bounded numbers, so a 23-digit id is a usage
error with a hint rather than a crash deep in the database."""

from __future__ import annotations

import argparse
from collections.abc import Callable

MAX_ID = 2**62


def bounded_int(low: int, high: int, what: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        cleaned = text.strip()
        if not cleaned.lstrip("-").isdigit() or len(cleaned) > 50:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, not '{text[:30]}'")
        value = int(cleaned)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}")
        return value

    parse.__name__ = what
    return parse


record_id = bounded_int(1, MAX_ID, "the id")
