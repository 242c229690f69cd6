from __future__ import annotations

import configparser
import plistlib
import stat
from pathlib import Path

import pytest

from app.services.autostart import (
    APP_ID,
    MINIMIZED_FLAG,
    RUN_KEY,
    Autostart,
    AutostartError,
    System,
    autostart_file,
    desktop_entry,
    launch_agent,
    launch_command,
    run_key_value,
)

COMMAND = ["/opt/My Apps/tightrope-gui", "--minimized"]


def exec_arguments(entry: str) -> list[str]:
    """Read Exec= back the way the Desktop Entry Specification says a launcher does:
    undo the string escapes, then split the quoted arguments, then undo %%."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(entry)
    raw = parser["Desktop Entry"]["Exec"].replace("\\\\", "\\")
    arguments: list[str] = []
    current: list[str] | None = None
    chars = iter(raw)
    for ch in chars:
        if ch == '"':
            current = current or []
            for inner in chars:
                if inner == '"':
                    break
                if inner == "\\":
                    escaped = next(chars)
                    assert escaped in '"`$\\', f"\\{escaped} is not an escape the spec allows"
                    inner = escaped
                current.append(inner)
        elif ch == " ":
            if current is not None:
                arguments.append("".join(current))
            current = None
        else:
            (current := current or []).append(ch)
    if current is not None:
        arguments.append("".join(current))
    return [argument.replace("%%", "%") for argument in arguments]


def test_linux_entry_is_written_and_removed_leaving_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config"
    autostart = Autostart(System.LINUX, env={"XDG_CONFIG_HOME": str(config)}, command=COMMAND)
    assert not autostart.is_enabled()

    autostart.enable()
    entry = config / "autostart" / f"{APP_ID}.desktop"
    assert autostart.is_enabled()
    assert sorted(p.name for p in entry.parent.iterdir()) == [entry.name]
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Type=Application\n" in text
    assert exec_arguments(text) == COMMAND
    assert "X-GNOME-Autostart-enabled=true" in text

    autostart.enable()
    assert sorted(p.name for p in entry.parent.iterdir()) == [entry.name]

    autostart.disable()
    assert not autostart.is_enabled()
    assert list(entry.parent.iterdir()) == []
    autostart.disable()


def test_set_enabled_toggles(tmp_path: Path) -> None:
    autostart = Autostart(System.LINUX, env={}, home=tmp_path, command=COMMAND)
    autostart.set_enabled(True)
    assert (tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop").is_file()
    autostart.set_enabled(False)
    assert not autostart.is_enabled()


def test_xdg_config_home_must_be_absolute(tmp_path: Path) -> None:
    path = autostart_file(System.LINUX, {"XDG_CONFIG_HOME": "relative/dir"}, tmp_path)
    assert path == tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop"


def test_a_folder_that_cannot_be_written_gives_a_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    autostart = Autostart(System.LINUX, env={"XDG_CONFIG_HOME": str(blocker)}, command=COMMAND)
    with pytest.raises(AutostartError, match="could not be written"):
        autostart.enable()
    assert blocker.read_text() == "a file where the folder should be"


@pytest.mark.parametrize(
    "argument",
    ["/usr/bin/tightrope-gui", "/home/jo/My Apps/tightrope", 'C:\\odd "name"', "100%$`x`"],
)
def test_exec_line_quoting_survives_the_launcher(argument: str) -> None:
    assert exec_arguments(desktop_entry([argument, MINIMIZED_FLAG])) == [argument, MINIMIZED_FLAG]


def test_exec_line_refuses_line_breaks() -> None:
    with pytest.raises(ValueError, match="line break"):
        desktop_entry(["/bin/evil\nExec=rm"])


def test_macos_launch_agent_content(tmp_path: Path) -> None:
    data = plistlib.loads(launch_agent(COMMAND))
    assert data == {
        "Label": APP_ID,
        "ProgramArguments": COMMAND,
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }
    path = autostart_file(System.MACOS, {}, tmp_path)
    assert path == tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"

    autostart = Autostart(System.MACOS, home=tmp_path, command=COMMAND)
    autostart.enable()
    assert plistlib.loads(path.read_bytes())["ProgramArguments"] == COMMAND
    autostart.disable()
    assert list(path.parent.iterdir()) == []


def test_windows_run_value_content() -> None:
    command = [r"C:\Program Files\Tightrope\Tightrope.exe", "--minimized"]
    assert run_key_value(command) == r'"C:\Program Files\Tightrope\Tightrope.exe" --minimized'
    assert RUN_KEY == r"Software\Microsoft\Windows\CurrentVersion\Run"
    autostart = Autostart(System.WINDOWS, command=command)
    assert autostart.path is None
    assert autostart.content() == run_key_value(command)


def test_launch_command_starts_minimised() -> None:
    command = launch_command(System.LINUX)
    assert command[-1] == MINIMIZED_FLAG
    assert Path(command[0]).is_absolute()


def test_the_gui_accepts_the_flag_autostart_uses() -> None:
    from app.cli import build_parser

    assert build_parser().parse_args([MINIMIZED_FLAG]).minimized is True


def test_app_id_matches_the_window_identity() -> None:
    from app.ui.icons import APP_ID as WINDOW_APP_ID

    assert APP_ID == WINDOW_APP_ID
