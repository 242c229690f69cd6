"""Persistence: the SQLite database, checklist files on disk, and the keyring vault."""
