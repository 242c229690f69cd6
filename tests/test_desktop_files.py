"""The icon, the .desktop file and the AppStream metainfo: what desktops and software
centres show, and the version number the app, the metainfo and the changelog agree on."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

import app
from app.ui.icons import APP_ID, ICON_SIZES, app_icon, apply_desktop_identity, icon_file

REPO = Path(__file__).resolve().parent.parent
RESOURCES = REPO / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
SVG = RESOURCES / "icons" / "tightrope.svg"
PNG_DIR = RESOURCES / "icons" / "png"
SCREENSHOT_BASE = "https://raw.githubusercontent.com/tightrope/tightrope/main/"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def release_versions() -> list[str]:
    return [r.attrib["version"] for r in metainfo().iter("release")]


def changelog_versions() -> list[str]:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\]", text, flags=re.MULTILINE)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# -- one version everywhere ------------------------------------------------------------


def test_app_version_is_the_newest_release_in_the_metainfo() -> None:
    versions = release_versions()
    assert versions, "the metainfo has no <release>"
    assert versions == sorted(versions, key=version_key, reverse=True), (
        "AppStream lists releases newest first"
    )
    assert versions[0] == app.__version__


def test_app_version_is_the_newest_entry_in_the_changelog() -> None:
    versions = changelog_versions()
    assert versions, "CHANGELOG.md has no '## [x.y.z] - date' entry"
    assert versions[0] == app.__version__


def test_every_changelog_version_has_release_notes_in_the_metainfo() -> None:
    notes = {
        r.attrib["version"]: r.find("description")
        for r in metainfo().iter("release")
        if r.find("description") is not None
    }
    assert set(changelog_versions()) == set(notes)


def test_pyproject_reads_the_version_from_the_package() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text
    assert re.search(r'^version\s*=\s*\{\s*attr\s*=\s*"app.__version__"', text, re.MULTILINE)


# -- the ids tie the files together ----------------------------------------------------


def test_desktop_file_launches_the_app_with_its_icon() -> None:
    entry = desktop_entry()
    assert entry["Exec"].split()[0] == "tightrope"
    assert entry["Icon"] == APP_ID
    assert entry["Type"] == "Application"


def test_metainfo_names_the_same_id_and_desktop_file() -> None:
    root = metainfo()
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.text == DESKTOP.name
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.find("content_rating") is not None


def test_screenshots_in_the_metainfo_exist_in_the_repository() -> None:
    images = [i.text or "" for i in metainfo().iter("image")]
    assert images, "the metainfo shows no screenshot"
    for url in images:
        assert url.startswith(SCREENSHOT_BASE), url
    if not (REPO / "docs" / "screenshots").is_dir():
        pytest.skip("docs/screenshots/ does not exist yet (made by `make screenshots`)")
    missing = [u for u in images if not (REPO / u.removeprefix(SCREENSHOT_BASE)).is_file()]
    assert not missing, f"metainfo screenshots not in docs/screenshots/: {missing}"


# -- the validators the distributions and Flathub run ----------------------------------


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (Debian: desktop-file-utils / appstream)")
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = run_tool("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = run_tool("appstreamcli", "validate", "--no-net", "--explain", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_installed_tree_passes_appstreamcli_validate_tree(tmp_path: Path) -> None:
    """Installed side by side, the metainfo finds its .desktop file and icon."""
    share = tmp_path / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir(parents=True)
    shutil.copy(DESKTOP, share / "applications" / DESKTOP.name)
    shutil.copy(METAINFO, share / "metainfo" / METAINFO.name)
    for size in (64, 128):
        apps = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        apps.mkdir(parents=True)
        shutil.copy(PNG_DIR / f"tightrope-{size}.png", apps / f"{APP_ID}.png")
    result = run_tool("appstreamcli", "validate-tree", "--no-net", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


# -- the icon --------------------------------------------------------------------------


def render_svg(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    return image


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_png_has_its_size_a_transparent_corner_and_a_filled_centre(
    qapp: object, size: int
) -> None:
    image = QImage(str(PNG_DIR / f"tightrope-{size}.png"))
    assert image.size() == QSize(size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(size // 2, size * 3 // 4).alpha() == 255


def test_pngs_are_rendered_from_the_current_svg(qapp: object) -> None:
    """Catches an SVG edited without `make icons`."""
    committed = QImage(str(PNG_DIR / "tightrope-64.png")).convertToFormat(
        QImage.Format.Format_ARGB32
    )
    fresh = render_svg(64)
    worst = 0
    for y in range(64):
        for x in range(64):
            a, b = committed.pixelColor(x, y), fresh.pixelColor(x, y)
            worst = max(
                worst,
                abs(a.red() - b.red()),
                abs(a.green() - b.green()),
                abs(a.blue() - b.blue()),
                abs(a.alpha() - b.alpha()),
            )
    assert worst <= 8, "run `make icons` after changing resources/icons/tightrope.svg"


def test_the_package_carries_the_same_icon_files() -> None:
    for size in ICON_SIZES:
        assert icon_file(size).read_bytes() == (PNG_DIR / f"tightrope-{size}.png").read_bytes()


def test_app_icon_offers_small_and_large_sizes(qapp: object) -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 256} <= sizes
    pixmap = icon.pixmap(16, 16)
    assert pixmap.toImage().pixelColor(8, 12).alpha() == 255


def test_apply_desktop_identity_sets_the_window_icon_and_desktop_file(qapp: object) -> None:
    from PySide6.QtGui import QGuiApplication

    instance = QGuiApplication.instance()
    assert isinstance(instance, QGuiApplication)
    apply_desktop_identity(instance)
    assert instance.desktopFileName() == APP_ID
    assert not instance.windowIcon().isNull()


def test_desktop_metadata_for_software_centres() -> None:
    """One main window, the window class Qt gives it, a developer id, branding colours,
    a help address, and a symbolic icon that renders."""
    entry = desktop_entry()
    assert entry["SingleMainWindow"] == "true"
    assert entry["StartupWMClass"] == "Tightrope"
    root = metainfo()
    developer = root.find("developer")
    assert developer is not None and developer.get("id") == "io.github.tightrope"
    assert developer.findtext("name")
    colours = {c.get("scheme_preference"): c.text for c in root.iter("color")}
    assert set(colours) == {"light", "dark"}
    assert any(u.get("type") == "help" for u in root.iter("url"))
    symbolic = SVG.with_name("tightrope-symbolic.svg")
    assert QSvgRenderer(str(symbolic)).isValid()
