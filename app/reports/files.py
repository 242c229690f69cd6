"""Saving a report: all at once and readable by the user alone, or a plain-words error."""

from __future__ import annotations

from pathlib import Path

from app.reports.templating import ReportError
from app.store.private_files import write_private_file


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path`; a failure never leaves a half-written report behind."""
    from app.store.user_files import UserFileError, check_output_path

    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ReportError(f"Cannot save {path}: the folder {directory} does not exist.")
    try:
        check_output_path(path, "the report")
    except UserFileError as exc:
        raise ReportError(f"Cannot save the report: {exc}.") from None
    try:
        write_private_file(path, data)
    except OSError as exc:
        raise ReportError(f"Cannot save {path}: {exc.strerror or exc}.") from None
