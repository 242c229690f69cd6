"""Command-line subcommands; one module per group, each with `register(subparsers)`.

Modules here must not import Qt at import time.
"""
