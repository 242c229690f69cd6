"""Jinja templates and their rendering to HTML, PDF and paper."""
