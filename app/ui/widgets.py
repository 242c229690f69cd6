"""Small building blocks shared by the windows: headings, wrapped text, callouts, swatches.

Colours come from the palette (so light and dark themes both work); the only fixed
colours in the app are the persona colours the user picks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)


def heading(text: str, scale: float = 1.35, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def section_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def text_label(text: str = "", parent: QWidget | None = None, *, rich: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def add_save_footer(
    dialog: QDialog, layout: QVBoxLayout, on_save: Callable[[], None]
) -> tuple[QLabel, QDialogButtonBox]:
    """The end of every edit dialog: a problem line, hidden until there is one, and Save /
    Cancel. Save (Alt+S, or Ctrl+Enter from anywhere in the dialog) calls `on_save`, which
    decides whether the dialog may close.

    The problem line has no accessible name of its own, so a screen reader says its text;
    its description says what it is."""
    problem = text_label()
    problem.setAccessibleDescription("Problem")
    problem.setVisible(False)
    layout.addWidget(problem)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText("&Save")
    save.setToolTip("Alt+S or Ctrl+Enter")
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog, on_save)
    layout.addWidget(buttons)
    return problem, buttons


def muted(label: QLabel) -> QLabel:
    """Secondary text: the palette's placeholder colour, which themes keep readable."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


class Callout(QFrame):
    """A box that stands out from the page: the alternate base colour with an accent bar.

    Painted from palette roles, so it follows a light or dark theme, including a change
    of theme while the app runs.
    """

    BAR = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(self.BAR + 10, 8, 10, 8)
        self.body.setSpacing(4)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.fillRect(
            QRect(0, 0, self.BAR, self.height()), self.palette().color(QPalette.ColorRole.Highlight)
        )
        painter.end()


class RoomyRows(QStyledItemDelegate):
    """A little more height per row than the default: easier to read and to click."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)


def swatch_icon(colour: str, size: int = 12) -> QIcon:
    """A filled circle in a persona's colour, for lists and headings (sharp on high-DPI)."""
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    pixmap = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor(colour).darker(130))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)
