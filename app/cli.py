"""The command line: `tightrope` with no arguments opens the window; subcommands do not
import Qt, so they start fast and work on machines without a display."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from app import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "app.commands.checklists",
    "app.commands.personas",
    "app.commands.accounts",
    "app.commands.status",
    "app.commands.warnings",
    "app.commands.data",
    "app.commands.due",
    "app.commands.ics",
    "app.commands.practice",
    "app.commands.report",
    "app.commands.replies",
    "app.commands.findability",
)
"""Each module has `register(subparsers)`, which adds its subcommands with a `handler`."""

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without commands, only the options of the window, which
    is all that opening the app needs (importing every command costs start-up time)."""
    parser = argparse.ArgumentParser(
        prog="tightrope",
        description="Keep a personal and a professional social-media presence apart, "
        "keep settings private, and prove it. With no command, opens the app.",
        epilog="exit status: 0 done; 1 refused or failed (one line says why; also when there "
        "is no display for the window); 2 wrong usage. Each command's --help lists its own.",
    )
    parser.add_argument("--version", action="version", version=f"tightrope {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep all data in DIR instead of the usual place (also TIGHTROPE_DATA_DIR)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window on your data, wait until it is painted, and exit",
    )
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="start in the tray (or minimised) without showing the window, as at login",
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    state_exit_codes(parser)
    return parser


EXIT_CODES_TEXT = """exit status:
  0  done
  1  refused or failed, with one line saying why (nothing was changed)
  2  wrong usage (an unknown command or option, a missing argument)"""
SPECIAL_EXIT_CODES = {
    "due": "\n  3  something is due for a re-check (0: nothing is)",
    "import": "\n  1  also when some secrets could not be saved to the keyring (they are listed)",
    "checklists validate": "\n  1  also when a checklist file has a problem (each is named)",
}


def state_exit_codes(parser: argparse.ArgumentParser, path: str = "") -> None:
    """Every command's --help ends with its exit status, unless it states its own."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            full = f"{path} {name}".strip()
            if "exit status:" not in (sub.epilog or ""):
                extra = SPECIAL_EXIT_CODES.get(full, "")
                text = EXIT_CODES_TEXT + extra
                sub.epilog = f"{sub.epilog}\n\n{text}" if sub.epilog else text
                sub.formatter_class = argparse.RawDescriptionHelpFormatter
            state_exit_codes(sub, full)


def _opens_window(argv: Sequence[str]) -> bool:
    """True when `argv` holds only the window's options: no command, no request for help."""
    if any(arg in ("-h", "--help") for arg in argv):
        return False
    _, rest = build_parser(with_commands=False).parse_known_args(argv)
    return not rest


def no_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """Why the window cannot open here (no graphical desktop on Linux), or "". Checked
    before Qt starts, because Qt aborts (exit 134) when it finds no display."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "no display: the Tightrope window needs a graphical desktop (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). The commands work without one: tightrope --help"
    )


def _apply_global_options(args: argparse.Namespace) -> None:
    if args.data_dir is not None:
        from app.store.paths import set_data_dir

        set_data_dir(args.data_dir.expanduser().resolve())


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(with_commands=not _opens_window(arguments))
    args = parser.parse_args(arguments)
    _apply_global_options(args)
    if args.command is None:
        problem = no_display()
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return EXIT_PROBLEM
        from app.ui.launch import run_gui

        return run_gui(smoke_test=args.smoke_test, minimized=args.minimized)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.parse_args([*arguments, "--help"])
        return EXIT_USAGE
    from app.commands.boundary import report_unexpected, safe_output

    try:
        with safe_output():
            return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_PROBLEM
    except (Exception, RecursionError, MemoryError) as exc:
        return report_unexpected(exc)


def gui_main() -> int:
    """Entry point for desktop launchers (a gui-script: no console window on Windows)."""
    return main()


if __name__ == "__main__":
    raise SystemExit(main())
