"""Render the application icon from its SVG source into every file that ships.

    python tools/render_icons.py        (or `make icons`)

Writes, from resources/icons/tightrope.svg:
- resources/icons/png/tightrope-<N>.png for each size in SIZES (desktop packages),
- resources/icons/tightrope.ico (Windows: several sizes, PNG-compressed entries),
- resources/icons/tightrope.icns (macOS, through Qt's ICNS writer),
- app/resources/: the SVG and the PNGs the running app loads for its windows and tray.

Uses Qt's own SVG renderer, so the PNGs look the way Qt draws the icon everywhere else.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "tightrope.svg"
PNG_DIR = ROOT / "resources" / "icons" / "png"
ICO_FILE = ROOT / "resources" / "icons" / "tightrope.ico"
ICNS_FILE = ROOT / "resources" / "icons" / "tightrope.icns"
APP_RESOURCES = ROOT / "app" / "resources"

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_name(size: int) -> str:
    return f"tightrope-{size}.png"


def render_png(svg: Path, size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: Qt cannot read this SVG; check that it is well-formed.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(str(target)):
        raise SystemExit(f"{target}: could not be written.")


def write_ico(pngs: list[tuple[int, bytes]], target: Path) -> None:
    """An ICO file whose entries are PNG data, which Windows Vista and later read.

    Qt's ICO writer stores a single image; Windows picks the best of several sizes.
    """
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory = b""
    for size, data in pngs:
        edge = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    target.write_bytes(header + directory + b"".join(data for _, data in pngs))


def write_icns(source_png: Path, target: Path) -> None:
    from PySide6.QtGui import QImage, QImageWriter

    writer = QImageWriter(str(target), b"icns")
    if not writer.write(QImage(str(source_png))):
        raise SystemExit(f"{target}: Qt could not write ICNS ({writer.errorString()}).")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    APP_RESOURCES.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        target = PNG_DIR / png_name(size)
        render_png(SOURCE, size, target)
        print(f"wrote {target.relative_to(ROOT)}")
    write_ico([(s, (PNG_DIR / png_name(s)).read_bytes()) for s in ICO_SIZES], ICO_FILE)
    print(f"wrote {ICO_FILE.relative_to(ROOT)}")
    write_icns(PNG_DIR / png_name(512), ICNS_FILE)
    print(f"wrote {ICNS_FILE.relative_to(ROOT)}")
    shutil.copyfile(SOURCE, APP_RESOURCES / SOURCE.name)
    for size in APP_SIZES:
        shutil.copyfile(PNG_DIR / png_name(size), APP_RESOURCES / png_name(size))
    print(f"copied the SVG and {len(APP_SIZES)} PNGs to {APP_RESOURCES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
