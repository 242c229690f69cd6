"""Where Tightrope keeps its files, with overrides for tests and portable use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "tightrope"
DATA_DIR_ENV = "TIGHTROPE_DATA_DIR"
CHECKLISTS_DIR_ENV = "TIGHTROPE_CHECKLISTS_DIR"

_data_dir_override: Path | None = None


def set_data_dir(path: Path | None) -> None:
    """Use `path` for all data from now on (the --data-dir option)."""
    global _data_dir_override
    _data_dir_override = path


def data_dir() -> Path:
    if _data_dir_override is not None:
        return _data_dir_override
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create `path`, and any missing folder above it, readable by the user alone (mode
    0700 where the OS has modes). A folder that already exists is left exactly as it is:
    Tightrope never changes the mode of a folder it did not create (a shared folder the
    user chose for a backup, say)."""
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        if os.name == "posix":
            folder.chmod(0o700)
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    return path


def ensure_own_dir(path: Path) -> Path:
    """Like `ensure_private_dir`, for a folder that is Tightrope's own (its cache, its
    logs): one that an older version left readable by others is made private again."""
    ensure_private_dir(path)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def user_checklists_dir() -> Path:
    return data_dir() / "checklists"


def log_dir() -> Path:
    if _data_dir_override is not None or os.environ.get(DATA_DIR_ENV):
        return data_dir() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def shipped_checklists_dir() -> Path:
    """The checklists that come with the app.

    A source checkout and an editable install read the repository's `checklists/`;
    a frozen or wheel build carries them inside the package as `app/shipped_checklists`.
    """
    env = os.environ.get(CHECKLISTS_DIR_ENV)
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent.parent
    bundled = package / "shipped_checklists"
    if bundled.is_dir():
        return bundled
    return package.parent / "checklists"


def shipped_replies_dir() -> Path:
    """The reply library and the draft check's rules: the repository's `replies/` in a
    checkout, `app/shipped_replies` inside a wheel or a frozen build."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "shipped_replies"
    if bundled.is_dir():
        return bundled
    return package.parent / "replies"


def user_replies_dir() -> Path:
    return data_dir() / "replies"


def cache_dir() -> Path:
    """Files that can be rebuilt at any time (the parsed checklist catalog)."""
    if _data_dir_override is not None or os.environ.get(DATA_DIR_ENV):
        return data_dir() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
