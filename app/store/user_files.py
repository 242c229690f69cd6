"""Reading a file the user pointed at, safely: a regular file, read with a bound.

A path from the user (an import, a backup to restore, a checklist, a template) may be a
FIFO that blocks forever, `/dev/zero` that never ends, a folder, or a file far larger than
anything Tightrope writes. Each is refused with one plain sentence before it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["UserFileError", "check_output_path", "check_regular_file", "read_user_file"]


class UserFileError(ValueError):
    """A path that cannot be used; `str()` says why in words, nothing was changed."""


def _size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, size // 1024)} KB"


def check_regular_file(path: Path, limit: int, what: str = "the file") -> int:
    """The size of `path` if it is a regular file of at most `limit` bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UserFileError(f"{path} does not exist") from None
    except OSError as exc:
        raise UserFileError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserFileError(f"{path} is a folder; choose {what} inside it")
    if not stat.S_ISREG(info.st_mode):
        raise UserFileError(f"{path} is not an ordinary file (it is a device or a pipe)")
    if info.st_size > limit:
        raise UserFileError(
            f"{path} is {_size_words(info.st_size)}, larger than {what} can be "
            f"({_size_words(limit)}); check that it is the right file"
        )
    return info.st_size


def read_user_file(path: Path, limit: int, what: str = "the file") -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; UserFileError if not.

    The file is opened without blocking and checked again once open, so a path swapped for
    a pipe between the check and the open cannot hang the reader.
    """
    check_regular_file(path, limit, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UserFileError(f"{path} cannot be read: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UserFileError(f"{path} is not an ordinary file (it is a device or a pipe)")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UserFileError(f"{path} grew larger than {what} can be while it was read")
        return b"".join(chunks)
    except OSError as exc:
        raise UserFileError(f"{path} cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def check_output_path(path: Path, what: str = "the file") -> Path:
    """`path` if Tightrope may write `what` there: not a folder, a device or a pipe, in a
    folder that exists. UserFileError otherwise."""
    target = path.expanduser()
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UserFileError(f"{target} cannot be used: {exc.strerror or exc}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UserFileError(f"{target} is a folder; give a file name for {what}")
        if not stat.S_ISREG(info.st_mode):
            raise UserFileError(f"{target} is not an ordinary file (it is a device or a pipe)")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UserFileError(f"the folder {parent} does not exist; create it or choose another")
    if not os.access(parent, os.W_OK):
        raise UserFileError(f"you may not write to the folder {parent}; choose another")
    return target
