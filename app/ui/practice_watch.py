"""A folder watched for practice packs (a shared drive, a synced folder), with
QFileSystemWatcher.

A change starts a short settling timer, so a file another program is still writing is
read once it is quiet; listing and reading the folder (which may be on a slow network
share) run on the thread pool. Each file is read once per change of its size or time;
a file that is cut short is looked at again at its next change. `found` carries the
newest valid pack of a scan.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.services.practice_pack import VerifiedPack, read_pack
from app.ui.background import run_in_background

log = logging.getLogger("tightrope.ui.practice")
MAX_WATCHED_FILES = 200
SETTLE_MS = 700

Stamps = dict[Path, tuple[int, int]]


def scan_folder(folder: Path, seen: Stamps) -> tuple[list[VerifiedPack], list[Path]]:
    """The packs in `folder` not read since they last changed, and its `*.json` files
    (worker thread)."""
    from app.domain.signed_file import SignedFileError
    from app.store.user_files import UserFileError

    files = sorted(folder.glob("*.json"))[:MAX_WATCHED_FILES]
    found: list[VerifiedPack] = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamp = (info.st_mtime_ns, info.st_size)
        if seen.get(path) == stamp:
            continue
        try:
            found.append(read_pack(path))
        except (SignedFileError, UserFileError) as exc:
            log.info("watched folder: %s not used: %s", path.name, exc)
            if "cut short" in str(exc):
                continue
        seen[path] = stamp
    return found, files


class PackWatcher(QObject):
    found = Signal(object)
    """The newest practice pack (a VerifiedPack) among the files that changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.scan)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self._settle.start())
        self.watcher.fileChanged.connect(lambda _path: self._settle.start())
        self._seen: Stamps = {}
        self._scanning = False
        self.folder: Path | None = None

    def watch(self, folder: Path) -> bool:
        """Watch `folder` instead of any other; False when the system cannot watch it."""
        watched = self.watcher.directories() + self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)
        self._seen = {}
        self.folder = folder
        if not self.watcher.addPath(str(folder)):
            self.folder = None
            return False
        self.scan()
        return True

    def scan(self) -> None:
        folder = self.folder
        if folder is None:
            return
        if self._scanning:
            self._settle.start()
            return
        self._scanning = True
        seen = self._seen

        def done(result: tuple[list[VerifiedPack], list[Path]]) -> None:
            self._scanning = False
            packs, files = result
            known = set(self.watcher.files())
            new = [str(p) for p in files if str(p) not in known]
            if new:
                self.watcher.addPaths(new)
            if packs:
                self.found.emit(max(packs, key=lambda p: p.content.pack_version))

        def failed(exc: Exception) -> None:
            self._scanning = False
            log.warning("watched folder %s not read: %s", folder, exc)

        run_in_background(self, lambda: scan_folder(folder, seen), done, failed)
