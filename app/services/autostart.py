"""Start Tightrope at login, minimised to the tray: the settings toggle behind it.

Each system keeps the entry in its own place:
- Linux and other freedesktop systems: a `.desktop` file in `$XDG_CONFIG_HOME/autostart`.
- macOS: a LaunchAgent property list in `~/Library/LaunchAgents`.
- Windows: a value under the current user's `Run` key in the registry.

The functions that produce the entry's content are pure, so every system's content is
tested on any system. Whether autostart is on is read from the entry itself, not from a
setting that could disagree with it.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from app.store.private_files import write_private_file

APP_ID = "io.github.tightrope.Tightrope"
"""The app's reverse-DNS id, as in app.ui.icons and the shipped .desktop file."""

MINIMIZED_FLAG = "--minimized"
GUI_SCRIPT = "tightrope-gui"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE_NAME = "Tightrope"

_DESKTOP_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class System(StrEnum):
    LINUX = "linux"
    """Any freedesktop system (Linux, the BSDs)."""
    MACOS = "macos"
    WINDOWS = "windows"


def current_system() -> System:
    if sys.platform == "win32":
        return System.WINDOWS
    if sys.platform == "darwin":
        return System.MACOS
    return System.LINUX


def launch_command(system: System | None = None) -> list[str]:
    """The command that starts the app minimised: the frozen app itself, else the
    `tightrope-gui` launcher installed beside this Python, else `python -m app`."""
    system = system or current_system()
    if getattr(sys, "frozen", False):
        return [sys.executable, MINIMIZED_FLAG]
    name = GUI_SCRIPT + (".exe" if system is System.WINDOWS else "")
    beside = Path(sys.executable).with_name(name)
    if beside.is_file():
        return [str(beside), MINIMIZED_FLAG]
    found = shutil.which(GUI_SCRIPT)
    if found:
        return [found, MINIMIZED_FLAG]
    return [sys.executable, "-m", "app", MINIMIZED_FLAG]


def _desktop_exec_argument(argument: str) -> str:
    """One argument of an Exec line, quoted as the Desktop Entry Specification asks."""
    if argument and not (_DESKTOP_RESERVED & set(argument)):
        return argument.replace("%", "%%")
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return '"' + escaped.replace("%", "%%") + '"'


def desktop_exec_line(command: Sequence[str]) -> str:
    """The value of `Exec=`: quoted arguments, then the string escape for backslashes
    (the specification undoes that escape before it reads the quoting)."""
    if any("\n" in part for part in command):
        raise ValueError("a command for the autostart entry cannot contain a line break")
    return " ".join(_desktop_exec_argument(a) for a in command).replace("\\", "\\\\")


def desktop_entry(command: Sequence[str]) -> str:
    """The XDG autostart entry."""
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Tightrope",
            "Comment=Reminds you to re-check your social-media privacy settings",
            f"Exec={desktop_exec_line(command)}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "NoDisplay=false",
            "X-GNOME-Autostart-enabled=true",
            "X-GNOME-Autostart-Delay=10",
            "",
        ]
    )


def launch_agent(command: Sequence[str]) -> bytes:
    """The macOS LaunchAgent property list (XML)."""
    import plistlib

    return plistlib.dumps(
        {
            "Label": APP_ID,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        },
        fmt=plistlib.FMT_XML,
    )


def run_key_value(command: Sequence[str]) -> str:
    """The text of the Windows `Run` value: the command line, quoted the Windows way."""
    import subprocess

    return subprocess.list2cmdline(list(command))


def autostart_file(
    system: System, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path | None:
    """Where the entry file goes; None on Windows, where it is a registry value."""
    env = os.environ if env is None else env
    home = home or Path.home()
    if system is System.WINDOWS:
        return None
    if system is System.MACOS:
        return home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    config = env.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and Path(config).is_absolute() else home / ".config"
    return base / "autostart" / f"{APP_ID}.desktop"


class AutostartError(Exception):
    """The entry could not be written or removed; the message says why and what to do."""


class Autostart:
    """Turn starting at login on and off for this user."""

    def __init__(
        self,
        system: System | None = None,
        *,
        env: Mapping[str, str] | None = None,
        home: Path | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        self.system = system or current_system()
        self.path = autostart_file(self.system, env, home)
        self.command = list(command) if command is not None else launch_command(self.system)

    def content(self) -> bytes | str:
        """What `enable` writes: file bytes, or the registry value's text on Windows."""
        if self.system is System.WINDOWS:
            return run_key_value(self.command)
        if self.system is System.MACOS:
            return launch_agent(self.command)
        return desktop_entry(self.command).encode("utf-8")

    def is_enabled(self) -> bool:
        if self.path is not None:
            return self.path.is_file()
        return _read_run_value() is not None

    def enable(self) -> None:
        if self.path is None:
            _write_run_value(run_key_value(self.command))
            return
        if self.system is System.MACOS:
            content = launch_agent(self.command)
        else:
            content = desktop_entry(self.command).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_private_file(self.path, content)
        except OSError as exc:
            raise AutostartError(
                f"Tightrope could not add itself to the programs started at login: "
                f"{self.path} could not be written ({exc.strerror or exc}). "
                "Check that the folder belongs to you."
            ) from exc

    def disable(self) -> None:
        if self.path is None:
            _delete_run_value()
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                f"Tightrope could not remove itself from the programs started at login: "
                f"{self.path} could not be deleted ({exc.strerror or exc}). "
                "Delete the file by hand, or check that it belongs to you."
            ) from exc

    def set_enabled(self, enabled: bool) -> None:
        if enabled:
            self.enable()
        else:
            self.disable()


def _read_run_value() -> str | None:
    if sys.platform != "win32":
        return None
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, _ = winreg.QueryValueEx(key, RUN_VALUE_NAME)
    except FileNotFoundError:
        return None
    return str(value)


def _write_run_value(value: str) -> None:
    if sys.platform != "win32":
        raise AutostartError("the Windows registry is only there on Windows")
    import winreg

    try:
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, RUN_VALUE_NAME, 0, winreg.REG_SZ, value)
    except OSError as exc:
        raise AutostartError(
            f"Tightrope could not add itself to the programs started at login ({exc}). "
            "Your account may not be allowed to change them; ask whoever manages this computer."
        ) from exc


def _delete_run_value() -> None:
    if sys.platform != "win32":
        return
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.DeleteValue(key, RUN_VALUE_NAME)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise AutostartError(
            f"Tightrope could not remove itself from the programs started at login ({exc})."
        ) from exc
