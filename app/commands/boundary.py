"""The one place where the command line meets the unexpected.

Whatever a command raises that it did not handle itself ends here: the user gets one line
in plain words (a full disk, a folder they may not write, or "something unexpected" with
the log's path), exit status 1, and the traceback goes to the log file. Everything a
command prints passes through `SafeStream`, so text stored before control characters were
refused (or coming from a file) can never act on the terminal.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from app.domain.text import printable
from app.store.errors import plain_os_error

log = logging.getLogger("tightrope.cli")

EXIT_PROBLEM = 1


class SafeStream(io.TextIOBase):
    """A text stream that shows control and bidi characters as visible escapes."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(printable(text, keep_line_breaks=True))
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", "utf-8")

    def fileno(self) -> int:
        return self._target.fileno()


@contextmanager
def safe_output() -> Iterator[None]:
    """Route stdout and stderr through `SafeStream` for the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(saved[0]), SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def report_unexpected(exc: BaseException, stderr: TextIO | None = None) -> int:
    """Log `exc` with its traceback and print one line about it; returns the exit status."""
    from app.store.log_file import log_path, open_log_file

    out = stderr or sys.stderr
    try:
        logged_to = str(open_log_file())
    except OSError:
        logged_to = ""
    log.error("command failed", exc_info=exc)
    if isinstance(exc, OSError):
        plain = plain_os_error(exc)
        if plain is not None:
            print(f"error: {plain}", file=out)
            return EXIT_PROBLEM
    if isinstance(exc, MemoryError):
        what = "ran out of memory"
    elif isinstance(exc, RecursionError):
        what = "met data nested too deeply to read"
    else:
        what = f"met an unexpected problem ({type(exc).__name__})"
    where = (
        f"The details are in {logged_to or log_path()}" if logged_to else "No log could be written"
    )
    print(f"error: Tightrope {what} and stopped; nothing more was changed. {where}.", file=out)
    return EXIT_PROBLEM
