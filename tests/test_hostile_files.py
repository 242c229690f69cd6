"""Files the user points at that are not what they seem: a checklist nested 5,000 deep,
a pipe, /dev/zero, a folder, a huge file. Each is one plain problem; the rest still work."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.store.checklist_files import load_catalog
from app.store.user_files import UserFileError, check_output_path, read_user_file
from tests.checklist_factory import raw_checklist, to_toml

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def _deep_checklist(depth: int = 5000) -> str:
    return f'format = 1\nid = "deep"\nx = {"[" * depth}{"]" * depth}\n'


def test_a_checklist_nested_5000_deep_is_one_problem_and_the_rest_load(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "example.toml").write_text(to_toml(raw_checklist()), encoding="utf-8")
    user = tmp_path / "user"
    user.mkdir()
    (user / "deep.toml").write_text(_deep_checklist(), encoding="utf-8")
    (user / "latin1.toml").write_bytes(b'format = 1\ntitle = "caf\xe9"\n')
    catalog = load_catalog(shipped, user)
    assert list(catalog.checklists) == ["example"]
    problems = {Path(p.file).name: p.message for p in catalog.problems}
    assert "nested too deeply" in problems["deep.toml"]
    assert "UTF-8" in problems["latin1.toml"]


@needs_fifo
def test_a_fifo_among_the_checklists_is_skipped_without_blocking(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    os.mkfifo(user / "pipe.toml")
    catalog = load_catalog(tmp_path / "none", user)
    assert [Path(p.file).name for p in catalog.problems] == ["pipe.toml"]
    assert "not an ordinary file" in catalog.problems[0].message


def test_commands_still_run_with_a_deep_user_checklist(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status"]) == 0
    (cli_env / "checklists").mkdir(exist_ok=True)
    (cli_env / "checklists" / "deep.toml").write_text(_deep_checklist(), encoding="utf-8")
    for argv in (["status"], ["due", "--quiet"], ["personas", "add", "P", "--kind", "personal"]):
        assert main(argv) in (0, 3)
    assert main(["accounts", "add", "P", "example", "@jane"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert main(["checklists", "list"]) in (0, 1)
    assert "deep.toml" in "".join(capsys.readouterr())


@needs_fifo
@pytest.mark.parametrize("command", ["import", "restore"])
def test_import_or_restore_of_a_fifo_is_refused_at_once(
    cli_env: Path, capsys: pytest.CaptureFixture[str], command: str, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main([command, str(fifo), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "not an ordinary file" in err or "not a file" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("command", ["import", "restore"])
def test_import_or_restore_of_dev_zero_is_refused(
    cli_env: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, "/dev/zero", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_folder_or_a_huge_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserFileError, match="is a folder"):
        read_user_file(tmp_path, 100)
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(UserFileError, match="larger than"):
        read_user_file(big, 1024)
    assert read_user_file(big, 4096) == b"x" * 2048


def test_output_paths_are_checked_before_writing(tmp_path: Path) -> None:
    with pytest.raises(UserFileError, match="is a folder"):
        check_output_path(tmp_path)
    with pytest.raises(UserFileError, match="does not exist"):
        check_output_path(tmp_path / "missing" / "out.pdf")
    if sys.platform != "win32":
        with pytest.raises(UserFileError, match="not an ordinary file"):
            check_output_path(Path("/dev/null"))
    assert check_output_path(tmp_path / "out.pdf") == tmp_path / "out.pdf"


@pytest.mark.skipif(sys.platform == "win32", reason="needs /dev/null")
@pytest.mark.parametrize(
    "argv",
    [
        ["backup", "/dev/null"],
        ["export", "/dev/null"],
        ["ics", "/dev/null"],
        ["report", "policy", "--html", "/dev/null"],
    ],
)
def test_outputs_never_replace_a_device(
    cli_env: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main(["personas", "add", "P", "--kind", "personal"]) == 0
    assert main(["accounts", "add", "P", "example", "@jane"]) == 0
    capsys.readouterr()
    assert main([*argv, "--yes"] if argv[0] == "export" else argv) == 1
    err = capsys.readouterr().err
    assert "not an ordinary file" in err and "Traceback" not in err
    assert Path("/dev/null").is_char_device()
