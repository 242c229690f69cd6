"""Tightrope: keep a personal and a professional social-media presence apart."""

__version__ = "0.1.0"
