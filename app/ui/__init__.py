"""Qt widgets and windows. The only layer that imports PySide6 widgets."""
