"""Saving a report: through a temporary file, so nothing is ever half written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.reports.templating import ReportError


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so a failure never leaves a
    half-written report behind and an existing file is replaced in one step."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ReportError(f"Cannot save {path}: the folder {directory} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"Cannot save {path}: {exc.strerror or exc}.") from None
