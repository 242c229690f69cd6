"""Jinja environments for the reports: the shipped templates and the user's own.

Both escape every value (autoescape) and treat a misspelt variable as an error
(StrictUndefined). A user's templates run in Jinja's immutable sandbox, which refuses
access to Python internals and any attempt to change the data. Whatever goes wrong in a
template comes back as a `ReportError` naming the template and the line, in plain words.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

TEMPLATE_SUFFIX = ".html.j2"
POLICY_TEMPLATE = "policy.html.j2"
AUDIT_TEMPLATE = "audit.html.j2"


class ReportError(Exception):
    """A report could not be made; `str(error)` says why and what to do."""

    def __init__(self, message: str, template: str | None = None, line: int | None = None):
        self.template = template
        self.line = line
        super().__init__(message)


def _options() -> dict[str, Any]:
    return {
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }


_shipped: jinja2.Environment | None = None


def shipped_environment() -> jinja2.Environment:
    """The templates that come with the app (trusted; created once)."""
    global _shipped
    if _shipped is None:
        _shipped = jinja2.Environment(
            loader=jinja2.PackageLoader("app.reports", "templates"), **_options()
        )
    return _shipped


def user_environment(folder: Path) -> jinja2.Environment:
    """Templates from `folder` in the sandbox. A report the folder lacks falls back to the
    shipped template, also sandboxed, so a folder may hold just one report or a new base."""
    if not folder.is_dir():
        raise ReportError(
            f"The report template folder {folder} does not exist. Choose another folder, "
            "or clear the setting to use the built-in templates."
        )
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
            jinja2.PackageLoader("app.reports", "templates"),
        ]
    )
    return ImmutableSandboxedEnvironment(loader=loader, **_options())


def _template_line(exc: BaseException, names: set[str]) -> tuple[str | None, int | None]:
    """The innermost template frame of a runtime error, found in the traceback that Jinja
    rewrites to point at template files and lines."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        filename = frame.filename.replace("\\", "/")
        for name in names:
            if filename.endswith("/" + name) or filename == name:
                found = (name, frame.lineno)
    return found


def _describe(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        return f"it tried something report templates may not do ({exc})"
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}; check the spelling of the name" if exc.message else str(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"it is not a valid template: {exc.message}"
    return f"{type(exc).__name__}: {exc}"


def _syntax_error(exc: jinja2.TemplateSyntaxError, name: str) -> ReportError:
    where = exc.name or name
    return ReportError(
        f"The report template '{where}', line {exc.lineno}: {_describe(exc)}.",
        where,
        exc.lineno,
    )


def render_template(environment: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render `name` with `context`; every failure becomes a `ReportError`."""
    try:
        template = environment.get_template(name)
    except jinja2.TemplateNotFound as exc:
        missing = str(exc.name or name)
        raise ReportError(
            f"The report template '{missing}' was not found. Put it in your template "
            "folder, or clear the setting to use the built-in templates.",
            missing,
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(exc, name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"The report template '{name}' could not be read: {exc}", name) from None
    try:
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(exc, name) from None
    except jinja2.TemplateNotFound as exc:
        raise ReportError(
            f"The report template '{name}' refers to '{exc.name}', which was not found.",
            name,
        ) from None
    except Exception as exc:
        names = set(environment.list_templates()) if environment.loader else {name}
        found, line = _template_line(exc, names | {name})
        where = found or name
        place = f"'{where}', line {line}" if line else f"'{where}'"
        raise ReportError(
            f"The report template {place} could not be filled in: {_describe(exc)}.",
            where,
            line,
        ) from None


def render_html(name: str, report: object, *, template_dir: Path | None = None) -> str:
    """The report `report` (a view-model) through template `name`: the shipped one, or the
    user's from `template_dir`, sandboxed."""
    environment = shipped_environment() if template_dir is None else user_environment(template_dir)
    return render_template(environment, name, {"report": report})
