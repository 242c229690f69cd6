"""The log file: where tracebacks go instead of the user's screen.

It lives in the platform's log folder (or `<data>/logs` with --data-dir), readable by the
user alone: the folder is made 0700 and every file, rotated ones too, is created 0600.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from app.store import paths

LOG_FILE = "tightrope.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created mode 0600, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        return io.TextIOWrapper(
            io.FileIO(fd, "a"), encoding=self.encoding or "utf-8", errors=self.errors
        )


def log_path() -> Path:
    return paths.log_dir() / LOG_FILE


def open_log_file(records: list[logging.LogRecord] | None = None) -> Path:
    """Attach the rotating log (1 MB x 4) to the root logger, first writing `records`.

    Raises OSError when the folder or file cannot be made; callers decide what to say.
    """
    root = logging.getLogger()
    wanted = log_path()
    for handler in list(root.handlers):
        if isinstance(handler, PrivateRotatingFileHandler):
            if Path(handler.baseFilename) == wanted.absolute():
                return wanted
            root.removeHandler(handler)
            handler.close()
    folder = paths.ensure_own_dir(paths.log_dir())
    handler = PrivateRotatingFileHandler(
        folder / LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=False
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    for record in records or []:
        handler.handle(record)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return folder / LOG_FILE
