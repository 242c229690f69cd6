"""At the edges: no display, missing Qt system libraries, the single-instance socket."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main, no_display
from app.ui.launch import server_name
from tools.check_qt_libs import CHECKED, advice, load_table, missing_in, qt_folder

ROOT = Path(__file__).resolve().parent.parent


def test_without_a_display_the_app_says_so_in_one_line_and_exits_1(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["TIGHTROPE_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: no display")
    assert "tightrope --help" in lines[0]


def test_a_display_or_a_chosen_platform_lets_the_window_start() -> None:
    assert no_display({"DISPLAY": ":0"}, "linux") == ""
    assert no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert no_display({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert no_display({}, "darwin") == ""
    assert no_display({}, "linux").startswith("no display")


def test_the_window_is_not_opened_without_a_display(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main([]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_the_single_instance_socket_lives_in_the_runtime_folder(tmp_path: Path) -> None:
    assert server_name("tightrope-x", {"XDG_RUNTIME_DIR": str(tmp_path)}) == str(
        tmp_path / "tightrope-x"
    )
    assert server_name("tightrope-x", {}) == "tightrope-x"
    assert server_name("tightrope-x", {"XDG_RUNTIME_DIR": str(tmp_path / "gone")}) == (
        "tightrope-x"
    )


LDD = """\
\tlinux-vdso.so.1 (0x00007ffc)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
"""


def test_missing_qt_libraries_are_named_with_their_packages() -> None:
    missing = missing_in(LDD)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    text = advice(missing, load_table())
    assert "libxcb-icccm.so.4 (Debian/Ubuntu: libxcb-icccm4; Fedora: xcb-util-wm)" in text
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in text
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_every_library_qt_xcb_links_against_is_in_the_table() -> None:
    folder = qt_folder()
    assert folder is not None
    table = load_table()
    wanted = ("libxcb", "libX11", "libxkbcommon", "libEGL", "libGL.", "libfontconfig")
    for relative in CHECKED[:2]:
        done = subprocess.run(["ldd", str(folder / relative)], capture_output=True, text=True)
        names = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
        for name in names:
            if name.startswith(wanted):
                assert name in table, name
