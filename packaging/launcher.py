"""The program PyInstaller freezes: the same entry point as the `tightrope` command."""

from app.cli import main

raise SystemExit(main())
