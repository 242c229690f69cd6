"""Writing where the user points: a shared folder keeps its mode, Tightrope's own
folders and files are private, and a full disk is said in words with nothing changed."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@posix_only
def test_backup_into_a_shared_folder_leaves_its_mode_and_makes_the_file_private(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert main(["backup", str(shared / "copy.sqlite3")]) == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "copy.sqlite3").stat().st_mode) == 0o600


@posix_only
def test_tightropes_own_cache_folder_is_made_private_again(cli_env: Path) -> None:
    cache = cli_env / "cache"
    cache.mkdir(parents=True)
    cache.chmod(0o755)
    assert main(["status"]) == 0
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for file in cache.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `where` (root only; skipped elsewhere)."""
    where.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small disk needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path) -> None:
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as handle:
        while True:
            handle.write(b"\0" * 65536)


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs")
def test_a_backup_to_a_full_disk_is_one_line_and_leaves_no_partial_file(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["personas", "add", "Personal", "--kind", "personal"]) == 0
    with small_disk(tmp_path / "usb", "256k") as usb:
        _fill(usb)
        capsys.readouterr()
        assert main(["backup", str(usb / "copy.sqlite3")]) == 1
        err = capsys.readouterr().err
        assert "is full" in err and "nothing was changed" in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert not (usb / "copy.sqlite3").exists()
        assert not list(usb.glob("*.partial"))
    assert main(["personas", "list"]) == 0
    assert "Personal" in capsys.readouterr().out


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs")
def test_a_full_data_disk_is_said_in_words_and_the_answers_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.store import paths

    with small_disk(tmp_path / "data", "1m") as data:
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
        assert main(["personas", "add", "Personal", "--kind", "personal"]) == 0
        _fill(data)
        capsys.readouterr()
        code = main(["personas", "add", "Work", "--kind", "professional"])
        err = capsys.readouterr().err
        assert code == 1
        assert "full" in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
        (data / "filler").unlink()
        assert main(["personas", "list"]) == 0
        assert "Personal" in capsys.readouterr().out
        paths.set_data_dir(None)
