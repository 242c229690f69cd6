"""Start the Qt application. Imported only when a window is to be shown."""

from __future__ import annotations


def run_gui(*, smoke_test: bool = False) -> int:
    import sys

    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("Tightrope")
    label.show()
    if smoke_test:
        app.processEvents()
        return 0
    return app.exec()
