"""The application icon and the desktop identity the window system knows the app by.

The PNGs in `app/resources/` are rendered from `resources/icons/tightrope.svg` by
`make icons`; PNGs rather than the SVG so the icon shows even where Qt's SVG icon engine
plugin is missing (a lean frozen build, a trimmed distribution package).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

APP_ID = "io.github.tightrope.Tightrope"
"""Reverse-DNS id: the .desktop file, the AppStream metainfo and the Flatpak all use it."""

ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)


def resources_dir() -> Path:
    """`app/resources/`, in a source checkout, a wheel and a PyInstaller bundle alike."""
    return Path(__file__).resolve().parent.parent / "resources"


def icon_file(size: int) -> Path:
    return resources_dir() / f"tightrope-{size}.png"


def app_icon() -> QIcon:
    """The Tightrope icon at every shipped size, for windows, dialogs and the tray."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = icon_file(size)
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon


def apply_desktop_identity(app: QGuiApplication) -> None:
    """Give every window the icon, and tell Wayland/X11 which .desktop file is ours.

    Without the desktop file name, GNOME and KDE show a generic icon in the task switcher
    and cannot match the running window to its launcher.
    """
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)
