"""Before `make run`: are the system libraries Qt's window needs installed? Names the
missing ones with the Debian/Ubuntu and Fedora packages to install (tools/qt_system_libs.toml),
instead of Qt's abort that names the wrong one.

Only on Linux, and only where `ldd` exists; elsewhere it says nothing and exits 0.
Exit status: 0 all there (or not checkable), 1 something is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

TABLE = Path(__file__).with_name("qt_system_libs.toml")
CHECKED = (
    "plugins/platforms/libqxcb.so",
    "lib/libQt6XcbQpa.so.6",
    "lib/libQt6Gui.so.6",
    "lib/libQt6Widgets.so.6",
)


def qt_folder() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def missing_in(ldd_output: str) -> list[str]:
    """The library names `ldd` reported as "not found"."""
    return [
        line.split("=>", 1)[0].strip()
        for line in ldd_output.splitlines()
        if "=>" in line and "not found" in line.split("=>", 1)[1]
    ]


def load_table(path: Path = TABLE) -> dict[str, tuple[str, str]]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    table: dict[str, tuple[str, str]] = {}
    for name, entry in raw.get("libs", {}).items():
        debian, fedora = entry.get("debian"), entry.get("fedora")
        if not (isinstance(debian, str) and isinstance(fedora, str) and debian and fedora):
            raise ValueError(f"{path.name}: {name} needs a 'debian' and a 'fedora' package")
        table[name] = (debian, fedora)
    return table


def advice(missing: list[str], table: dict[str, tuple[str, str]]) -> str:
    """What to tell the user: each missing library and the commands that install them."""
    names = sorted(dict.fromkeys(missing))
    lines = ["Tightrope's window needs system libraries that are not installed:"]
    debian: list[str] = []
    fedora: list[str] = []
    for name in names:
        known = table.get(name)
        if known is None:
            lines.append(f"  {name}")
            continue
        lines.append(f"  {name} (Debian/Ubuntu: {known[0]}; Fedora: {known[1]})")
        debian.append(known[0])
        fedora.append(known[1])
    if debian:
        lines.append("Install them with:")
        lines.append(f"  Debian/Ubuntu: sudo apt install {' '.join(dict.fromkeys(debian))}")
        lines.append(f"  Fedora:        sudo dnf install {' '.join(dict.fromkeys(fedora))}")
    lines.append("The command line (tightrope --help) works without them.")
    return "\n".join(lines)


def main() -> int:
    ldd = shutil.which("ldd")
    folder = qt_folder()
    if not sys.platform.startswith("linux") or ldd is None or folder is None:
        return 0
    missing: list[str] = []
    for relative in CHECKED:
        target = folder / relative
        if not target.exists():
            continue
        done = subprocess.run([ldd, str(target)], capture_output=True, text=True, check=False)
        missing += missing_in(done.stdout)
    if not missing:
        return 0
    print(advice(missing, load_table()), file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
