"""Render the application icon from its SVG source into every file that ships.

    python tools/render_icons.py        (or `make icons`)

Writes, from resources/icons/tightrope.svg:
- resources/icons/png/tightrope-<N>.png for each size in SIZES (desktop packages),
- resources/icons/tightrope.ico (Windows: several sizes, PNG-compressed entries),
- resources/icons/tightrope.icns (macOS: PNG entries from 16 to 1024 px),
- app/resources/: the SVG and the PNGs the running app loads for its windows and tray.

Uses Qt's own SVG renderer, so the PNGs look the way Qt draws the icon everywhere else.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

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


def render_image(svg: Path, size: int) -> QImage:
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
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 refuses bytes here
    buffer.close()
    return bytes(data.data())


def render_png(svg: Path, size: int, target: Path) -> None:
    target.write_bytes(png_bytes(render_image(svg, size)))


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


ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
"""ICNS entry types holding PNG data, and their pixel size (ic10 to ic14 are the @2x
variants of 512, 16, 32, 128 and 256 points)."""


def write_icns(svg: Path, target: Path) -> None:
    """An ICNS file with PNG entries for every size Finder and the Dock ask for.

    Qt's ICNS writer stores a single image, so this writes the (simple) container itself.
    """
    rendered = {size: png_bytes(render_image(svg, size)) for _, size in ICNS_TYPES}
    body = b"".join(
        kind + struct.pack(">I", 8 + len(rendered[size])) + rendered[size]
        for kind, size in ICNS_TYPES
    )
    target.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


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
    write_icns(SOURCE, ICNS_FILE)
    print(f"wrote {ICNS_FILE.relative_to(ROOT)}")
    shutil.copyfile(SOURCE, APP_RESOURCES / SOURCE.name)
    for size in APP_SIZES:
        shutil.copyfile(PNG_DIR / png_name(size), APP_RESOURCES / png_name(size))
    print(f"copied the SVG and {len(APP_SIZES)} PNGs to {APP_RESOURCES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
