"""Cold start to the first painted main window, and peak memory, against a bare PySide6
window measured in the same run (offscreen).

Each start is a fresh interpreter (`python -m app --smoke-test` on a realistic demo data
folder; for the baseline, a QMainWindow and nothing else), timed from spawn to the first
paint of a window: the moment the user sees it. Both run under the same small wrapper,
which creates the QApplication (each program would create it anyway) and watches each
window shown with QWidget.show() for its first Paint (a window is painted before its
children); tearing the process down afterwards is not counted. It watches the windows, not the whole
application: an application-wide event filter makes PySide wrap every object that gets
an event, Qt's private classes included, and the first of those sets up every QtWidgets
class with its enums (about 20 ms and 3 MiB) in a program with item views, and never in a
bare window: that was the instrument's cost, not the program's.
Peak memory is the child's own high-water
mark (VmHWM from /proc/self/status, read at exit): ru_maxrss cannot be used, because Linux
carries the parent's peak over into each forked child, and this benchmark's parent has
already loaded Qt and rendered reports. The best of several runs is kept: the least
disturbed by other work.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result

RUNS = 5
REPO = Path(__file__).resolve().parent.parent

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication.instance() or QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1240, 780)


class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False


watcher = Painted()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


PEAK_MARK = "BENCH_PEAK_KB"
PAINT_MARK = "BENCH_FIRST_PAINT_S"
SPAWN_ENV = "BENCH_SPAWNED_AT"
MEASURED = f"""
import atexit, os, runpy, sys, time

spawned = float(os.environ["{SPAWN_ENV}"])
first_paint = []


def _report():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                os.write(2, ("\\n{PEAK_MARK} " + line.split()[1] + "\\n").encode())
    if first_paint:
        os.write(2, ("\\n{PAINT_MARK} " + repr(first_paint[0]) + "\\n").encode())


atexit.register(_report)
if sys.argv[1] != "bare":
    sys.argv = ["tightrope", *sys.argv[2:]]
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

application = QApplication(sys.argv)


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if not first_paint and event.type() == QEvent.Type.Paint:
            first_paint.append(time.time() - spawned)
        return False


_bench_first_paint_watcher = FirstPaint()
_bench_show = QWidget.show


def _bench_show_watched(widget):
    if widget.isWindow():
        widget.installEventFilter(_bench_first_paint_watcher)
    _bench_show(widget)


QWidget.show = _bench_show_watched
if sys.argv[1] == "bare":
    exec(compile({BARE_WINDOW!r}, "bare_window", "exec"))
else:
    runpy.run_module("app", run_name="__main__", alter_sys=True)
"""


def _environment(pycache: Path) -> dict[str, str]:
    """Offscreen, no real keyring, and compiled modules cached as an installed app has
    them (in a private folder, so the checkout is not touched)."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TIGHTROPE_DATA_DIR", None)
    return env


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to the first painted window, and the child's peak memory in MiB."""
    env = {**env, SPAWN_ENV: repr(time.time())}
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _out, error_bytes = process.communicate()
    error = error_bytes.decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {error.strip()}")
    peaks = [line.split()[1] for line in error.splitlines() if line.startswith(PEAK_MARK)]
    if not peaks:
        raise RuntimeError(f"{' '.join(command)} did not report its peak memory: {error}")
    paints = [line.split()[1] for line in error.splitlines() if line.startswith(PAINT_MARK)]
    if not paints:
        raise RuntimeError(f"{' '.join(command)} never painted a window: {error}")
    return float(paints[-1]), int(peaks[-1]) / 1024


def _demo_data(folder: Path) -> None:
    """The screenshot demo: six accounts with a year of answers, and a keyring in memory."""
    from tests.memory_keyring import MemoryKeyring
    from tools.screenshots import build_demo

    db, _catalog, _vault = build_demo(folder, MemoryKeyring())
    db.close()


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        _demo_data(data)
        env = _environment(Path(tmp) / "pycache")
        app = [sys.executable, "-c", MEASURED, "app", "--data-dir", str(data), "--smoke-test"]
        bare = [sys.executable, "-c", MEASURED, "bare"]
        # A first run of each compiles the modules and warms the disk cache: "cold start"
        # here means a new process, as when the user opens the app, not a cold disk.
        _run(bare, env)
        _run(app, env)
        bare_runs = [_run(bare, env) for _ in range(RUNS)]
        app_runs = [_run(app, env) for _ in range(RUNS)]
    bare_time = min(t for t, _ in bare_runs)
    app_time = min(t for t, _ in app_runs)
    bare_memory = min(m for _, m in bare_runs)
    app_memory = min(m for _, m in app_runs)
    return [
        Result("start-up: bare PySide6 window", bare_time * 1000, "ms", 10_000),
        Result("start-up: Tightrope main window", app_time * 1000, "ms", 10_000),
        Result("start-up time vs bare window", app_time / bare_time, "x", 1.5),
        Result("peak memory: bare PySide6 window", bare_memory, "MiB", 1_000),
        Result("peak memory: Tightrope main window", app_memory, "MiB", 1_000),
        Result("peak memory vs bare window", app_memory / bare_memory, "x", 1.5),
    ]
