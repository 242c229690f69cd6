"""Every window opens inside the screen it is on, at the size the user last gave it.

`place(window, preferred, remember=key)` watches one window: when it is shown it takes
the remembered size (else `preferred`), shrinks it to the screen's available area (the
part not covered by panels and docks), and moves it fully onto that area, centred on its
parent where there is one. When it is hidden its size is remembered through the memory
that `use_memory` installed (the main window installs one that writes window
preferences, `app.services.preferences`); without one nothing is remembered.

Shrinking only works if the window's layout can be that small: the dialogs keep their
content in a `QScrollArea` (`scrolling_content`) and their buttons outside it, so the
buttons stay on screen however small the screen is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDialog, QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

from app.services.preferences import SizeMemory

MARGIN = 8
"""Pixels left free around a window that had to shrink, for its frame and shadow."""


_memory: SizeMemory | None = None


def use_memory(memory: SizeMemory | None) -> None:
    """Remember window sizes through `memory` from now on (None: remember nothing)."""
    global _memory
    _memory = memory


def parse_size(text: str | None) -> QSize | None:
    width, _, height = (text or "").partition("x")
    if not (width.isdigit() and height.isdigit()):
        return None
    size = QSize(int(width), int(height))
    return size if size.width() >= 100 and size.height() >= 100 else None


def screen_of(window: QWidget) -> QScreen | None:
    parent = window.parentWidget()
    screen = parent.screen() if parent is not None and parent.isVisible() else window.screen()
    return screen or QGuiApplication.primaryScreen()


def available_area(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use."""
    screen = screen_of(window)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def fit(window: QWidget, preferred: QSize | None = None) -> None:
    """Resize `window` to `preferred` (or its current size) but no larger than the screen's
    available area, and move it so all of it is on that area."""
    area = available_area(window)
    frame = window.frameGeometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height())
    wanted = preferred if preferred is not None else window.size()
    room_w = area.width() - extra_w - (MARGIN if wanted.width() + extra_w >= area.width() else 0)
    room_h = area.height() - extra_h - (MARGIN if wanted.height() + extra_h >= area.height() else 0)
    minimum = window.minimumSize()
    width = max(min(wanted.width(), room_w), minimum.width())
    height = max(min(wanted.height(), room_h), minimum.height())
    window.resize(width, height)
    parent = window.parentWidget()
    if parent is not None and parent.isVisible() and parent.window() is not window:
        centre = parent.window().frameGeometry().center()
    else:
        centre = window.frameGeometry().center() if window.isVisible() else area.center()
    total_w, total_h = width + extra_w, height + extra_h
    x = min(max(centre.x() - total_w // 2, area.left()), area.right() + 1 - total_w)
    y = min(max(centre.y() - total_h // 2, area.top()), area.bottom() + 1 - total_h)
    window.move(QPoint(max(x, area.left()), max(y, area.top())))


class _Placer(QObject):
    """Fits its window on each show; remembers the size on close (or a dialog's finish).

    It never touches the window during a Hide event: Qt sends one while the window is
    being destroyed, when only the C++ part is left.
    """

    def __init__(self, window: QWidget, preferred: QSize | None, key: str) -> None:
        super().__init__(window)
        self.window = window
        self.preferred = preferred
        self.key = key
        self.placed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and not self.placed:
            self.placed = True
            remembered = None
            if self.key and _memory is not None:
                try:
                    remembered = parse_size(_memory.recall(self.key))
                except Exception:
                    remembered = None
            fit(self.window, remembered or self.preferred or natural_size(self.window))
        elif kind == QEvent.Type.Hide:
            self.placed = False
        elif kind == QEvent.Type.Close:
            self.keep()
        return False

    def keep(self) -> None:
        if not self.key or _memory is None:
            return
        size = self.window.size()
        try:
            _memory.keep(self.key, f"{size.width()}x{size.height()}")
        except Exception:
            return


def place(window: QWidget, preferred: QSize | None = None, *, remember: str = "") -> None:
    """Fit `window` to its screen each time it is shown; `remember` names its size in the
    window preferences (empty: always start at `preferred`)."""
    placer = _Placer(window, preferred, remember)
    window.installEventFilter(placer)
    if isinstance(window, QDialog):
        window.finished.connect(lambda _result: placer.keep())


def scrolling_content(outer: QVBoxLayout, margins: int = 0) -> QVBoxLayout:
    """A scroll area added to `outer`, and the layout inside it for the dialog's content.

    What `outer` gets after this (the problem line, the buttons) stays outside the scroll
    area, so it is visible whatever the window's height.
    """
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetDefaultConstraint)
    scroll.setWidget(body)
    scroll.setProperty("fit-content", True)
    outer.addWidget(scroll, 1)
    return layout


def natural_size(window: QWidget) -> QSize:
    """The size at which `window` shows all its content without scrolling: its size
    hint, plus what each `scrolling_content` area hides."""
    scrolls = [s for s in window.findChildren(QScrollArea) if s.property("fit-content")]
    if not scrolls:
        return window.size()
    hint = window.sizeHint()
    extra = 0
    for scroll in scrolls:
        body = scroll.widget()
        if body is None:
            continue
        width = max(scroll.viewport().width(), body.sizeHint().width())
        layout = body.layout()
        need = content_height(layout, width) if layout is not None else body.sizeHint().height()
        have = scroll.sizeHint().height() - 2 * scroll.frameWidth()
        extra += max(0, need - have)
    return QSize(hint.width(), hint.height() + extra)


def grow_to_content(window: QWidget) -> None:
    """After content grew (a banner appeared): taller if the screen has room, never
    shorter."""
    wanted = natural_size(window)
    if wanted.height() > window.height():
        fit(window, QSize(window.width(), wanted.height()))


def content_height(layout: QLayout, width: int) -> int:
    """The height `layout` needs at `width` (wrapped labels included)."""
    layout.activate()
    if layout.hasHeightForWidth():
        return layout.totalHeightForWidth(width)
    return layout.totalSizeHint().height()
