"""One Tightrope owns a data folder at a time.

The window holds this lock for as long as it runs; restore and import, which replace the
database file, take it too and refuse while someone else has it. Ordinary command-line
writes do not need it: SQLite's WAL mode and busy timeout already make them safe.

The lock is an OS file lock (flock / msvcrt.locking), so it disappears with the process
that held it, even after a crash or `kill -9`; a stale lock file never blocks anyone.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType

from app.store.paths import ensure_private_dir

LOCK_FILE_NAME = "tightrope.lock"


class InstanceLockedError(Exception):
    def __init__(self, data_dir: Path, pid: int | None) -> None:
        self.data_dir = data_dir
        self.pid = pid
        who = f" (process {pid})" if pid else ""
        super().__init__(
            f"Another Tightrope{who} is using the data folder {data_dir}. "
            "Close the Tightrope window, then try again."
        )


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """The lock on one data folder. `acquire()` never waits."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / LOCK_FILE_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        if self._fd is not None:
            return True
        ensure_private_dir(self.data_dir)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def acquire_or_raise(self) -> None:
        if not self.acquire():
            raise InstanceLockedError(self.data_dir, self.holder_pid())

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def holder_pid(self) -> int | None:
        """The process id written by the holder, when it can be read."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def __enter__(self) -> InstanceLock:
        self.acquire_or_raise()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def in_use_elsewhere(data_dir: Path) -> bool:
    """True when another process holds the lock on `data_dir` right now."""
    probe = InstanceLock(data_dir)
    if probe.acquire():
        probe.release()
        return False
    return True
