"""Use cases that the CLI and the UI share."""
