"""Errors shown in plain words with what to do next, and written to the log.

The dialog never shows a traceback; the log (see `app.ui.launch`) keeps it for support.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

log = logging.getLogger("tightrope.ui")


def plain_reason(exc: BaseException) -> str:
    """The exception's own message when it was written for people, else a generic one."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"The computer reported: {exc.strerror}{where}."
    text = str(exc).strip()
    if text and type(exc).__module__.startswith("app."):
        return text
    return "Something unexpected went wrong."


def show_error(
    parent: QWidget | None,
    title: str,
    what_happened: str,
    what_to_do: str = "",
    exc: BaseException | None = None,
) -> None:
    """Log the problem and tell the user: what happened, why (if known), what to do."""
    if exc is not None:
        log.error("%s: %s", title, what_happened, exc_info=exc)
    else:
        log.error("%s: %s", title, what_happened)
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(what_happened)
    details = [plain_reason(exc)] if exc is not None else []
    if what_to_do:
        details.append(what_to_do)
    box.setInformativeText("\n\n".join(details))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAccessibleName(title)
    box.exec()


def sentence(text: str) -> str:
    """A store message ("the name cannot be empty") as a sentence for a dialog."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def write_failed(parent: QWidget | None, what: str, exc: BaseException) -> None:
    """A save to the database failed: nothing earlier is lost, and the user can retry."""
    show_error(
        parent,
        "Could not save",
        f"Tightrope could not save {what}.",
        "Everything saved before is kept. Try again; if it keeps failing, close Tightrope, "
        "make sure the disk is not full, and open it again.",
        exc,
    )
