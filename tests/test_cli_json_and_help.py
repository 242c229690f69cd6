"""Every command's --help states its exit codes; status, warnings, accounts list and
personas list speak versioned JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import build_parser, main


def all_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from all_commands(sub, (*path, name))


def test_every_commands_help_states_its_exit_codes() -> None:
    found = list(all_commands(build_parser()))
    assert len(found) > 15
    for path, sub in found:
        assert "exit status" in sub.format_help(), " ".join(path)
    help_of = dict(found)
    assert "3  something is due" in help_of[("due",)].format_help()


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(list(argv)) == 0
    document = json.loads(capsys.readouterr().out)
    assert isinstance(document, dict)
    assert document["format"] == 1
    assert document["command"] == " ".join(a for a in argv if not a.startswith("--"))
    return document


def test_lists_and_status_as_json(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["personas", "add", "Personal", "--kind", "personal"]) == 0
    assert main(["accounts", "add", "Personal", "example", "@jane"]) == 0
    capsys.readouterr()
    personas = run_json(capsys, "personas", "list", "--json")
    assert personas["personas"] == [
        {
            "persona_id": 1,
            "name": "Personal",
            "kind": "personal",
            "status": "active",
            "archived": False,
            "accounts": 1,
            "recheck_days": 90,
        }
    ]
    accounts = run_json(capsys, "accounts", "list", "--json")
    [account] = accounts["accounts"]  # type: ignore[misc]
    assert account["handle"] == "@jane" and account["checklist_id"] == "example"
    assert account["archived"] is False
    status = run_json(capsys, "status", "--json")
    [row] = status["accounts"]  # type: ignore[misc]
    assert row["handle"] == "@jane" and row["due"] is True and row["total"] == 2
    warnings = run_json(capsys, "warnings", "--json")
    assert isinstance(warnings["warnings"], list)
