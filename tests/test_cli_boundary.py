"""No traceback ever reaches a command-line user: every command, made to fail in a way
nobody planned for, prints one plain line naming the log, exits 1, and the traceback is
in the log file (mode 0600)."""

from __future__ import annotations

import argparse
import errno
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import build_parser, main


def _commands(parser: argparse.ArgumentParser, prefix: list[str]) -> Iterator[list[str]]:
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        argv = list(prefix)
        for action in parser._actions:
            if action.option_strings or action.dest in ("help", "command"):
                if action.required and action.option_strings:
                    value = action.choices[0] if action.choices else "x"  # type: ignore[index]
                    argv += [action.option_strings[0], str(value)]
                continue
            if action.nargs in ("?", "*"):
                continue
            count = action.nargs if isinstance(action.nargs, int) else 1
            argv += ["x"] * count
        yield argv
        return
    for name, sub in groups[0].choices.items():
        yield from _commands(sub, [*prefix, name])


ALL_COMMANDS = list(_commands(build_parser(), []))


def test_the_walk_finds_every_command() -> None:
    names = {" ".join(argv[:2]) for argv in ALL_COMMANDS}
    assert {"status", "due", "import x", "accounts add", "report policy"} <= names | {
        argv[0] for argv in ALL_COMMANDS
    }
    assert len(ALL_COMMANDS) >= 20


@pytest.mark.parametrize("argv", ALL_COMMANDS, ids=lambda argv: " ".join(argv))
def test_every_command_turns_an_unexpected_error_into_one_line_and_a_log_entry(
    cli_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    from app.store import checklist_cache, checklist_files, database

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("forced for the test")

    monkeypatch.setattr(database.Database, "open", classmethod(explode))
    monkeypatch.setattr(checklist_files, "read_toml", explode)
    monkeypatch.setattr(checklist_cache, "read_toml", explode)
    monkeypatch.chdir(cli_env.parent)
    try:
        code = main(argv)
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "forced for the test" not in out + err
    assert code in (0, 1, 2, 3)
    if "unexpected problem" in err:
        assert code == 1
        assert len(err.strip().splitlines()) == 1
        log = cli_env / "logs" / "tightrope.log"
        assert str(log) in err
        assert "forced for the test" in log.read_text(encoding="utf-8")
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_a_full_disk_is_said_in_plain_words(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.services import backup

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(cli_env))

    assert main(["status"]) == 0
    monkeypatch.setattr(backup, "backup_now", full)
    assert main(["backup"]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err
    assert "Nothing was changed" in err
    assert "Traceback" not in err


def test_deep_nesting_in_a_command_is_a_plain_line(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.commands import status

    def deep(*_args: object) -> int:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(status, "_status", deep, raising=False)
    parser_argv = ["status"]
    monkeypatch.setattr(
        "app.cli.build_parser",
        lambda **_kw: _parser_with_handler(deep),
    )
    assert main(parser_argv) == 1
    assert "nested too deeply" in capsys.readouterr().err


def _parser_with_handler(handler: object) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--smoke-test", action="store_true")
    parser.add_argument("--minimized", action="store_true")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("status").set_defaults(handler=handler)
    return parser
