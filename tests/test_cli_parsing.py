"""Opening the window parses only the window's options; commands still parse in full."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli import _opens_window, build_parser


@pytest.mark.parametrize(
    ("argv", "window"),
    [
        ([], True),
        (["--smoke-test"], True),
        (["--data-dir", "/tmp/x", "--minimized"], True),
        (["--data-dir=/tmp/x"], True),
        (["status"], False),
        (["--data-dir", "/tmp/x", "due", "--json"], False),
        (["-h"], False),
        (["--help"], False),
        (["bogus"], False),
    ],
)
def test_window_or_command(argv: list[str], window: bool) -> None:
    assert _opens_window(argv) is window


def test_window_path_imports_no_command_module() -> None:
    code = (
        "import sys; from app.cli import _opens_window, build_parser; "
        "assert _opens_window(['--smoke-test']); build_parser(with_commands=False); "
        "loaded = [m for m in sys.modules if m.startswith('app.commands.')]; "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_full_parser_knows_every_command() -> None:
    args = build_parser().parse_args(["--data-dir", "/tmp/x", "checklists", "list"])
    assert args.command == "checklists" and callable(args.handler)
