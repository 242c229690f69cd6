"""Jinja environments for the reports: the shipped templates and the user's own.

Both escape every value (autoescape) and treat a misspelt variable as an error
(StrictUndefined). A user's templates run in Jinja's immutable sandbox, which refuses
access to Python internals and any attempt to change the data. Whatever goes wrong in a
template comes back as a `ReportError` naming the template and the line, in plain words.
"""

from __future__ import annotations

import dataclasses
import re
import time
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

TEMPLATE_SUFFIX = ".html.j2"
TIME_BUDGET_S = 10.0
"""How long a user's template may run before it is stopped (the shipped ones take ms)."""
OUTPUT_BUDGET = 20 * 1024 * 1024
"""The most HTML a template may produce (a 200-account audit is about 2 MB)."""
VALUE_BUDGET = 1024 * 1024
"""The longest string or list a template expression may build with * or **."""
POLICY_TEMPLATE = "policy.html.j2"
AUDIT_TEMPLATE = "audit.html.j2"


class ReportError(Exception):
    """A report could not be made; `str(error)` says why and what to do."""

    def __init__(self, message: str, template: str | None = None, line: int | None = None):
        self.template = template
        self.line = line
        super().__init__(message)


def plain_name(value: object) -> str:
    """What a template value is, in the user's words: the view-models' class names say
    what they hold ("PolicySectionView" is "a policy section"), never a Python repr."""
    if isinstance(value, list | tuple):
        inner = {plain_name(item) for item in value}
        return f"a list of {inner.pop().split(' ', 1)[-1]}s" if len(inner) == 1 else "a list"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, bool | int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "a table of values"
    name = type(value).__name__.removesuffix("View")
    if not dataclasses.is_dataclass(value) or not name:
        return "this value"
    return "the " + re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _fields(value: object) -> str:
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return ""
    names = [f.name for f in dataclasses.fields(value)]
    return f" (it has {', '.join(names)})" if names else ""


class PlainUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose message names what the user wrote, not the object's repr."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name = self._undefined_name
        if self._undefined_obj is jinja2.utils.missing:
            return f"'{name}' is not something a report template knows"
        owner = self._undefined_obj
        return f"{plain_name(owner)} has no '{name}'{_fields(owner)}"


class WholeValueError(Exception):
    """A template printed a whole part of the report (e.g. `{{ report }}`)."""


def _finalize(value: Any) -> Any:
    parts = value if isinstance(value, list | tuple) else (value,)
    if any(dataclasses.is_dataclass(part) for part in parts):
        raise WholeValueError(
            f"it prints {plain_name(value)} as a whole; print one of its parts instead"
            f"{_fields(parts[0])}"
        )
    return value


def _options() -> dict[str, Any]:
    return {
        "autoescape": True,
        "undefined": PlainUndefined,
        "finalize": _finalize,
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


class TemplateBudgetError(SecurityError):
    """A user's template ran too long or built something too large."""


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with a time budget checked at every call, attribute and item
    a template touches, and `*` and `**` kept from building huge values (Jinja does not
    fold these operators at compile time in a sandbox that intercepts them)."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline: float | None = None

    def start_clock(self) -> None:
        self.deadline = time.monotonic() + TIME_BUDGET_S

    def check_clock(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TemplateBudgetError(
                f"it ran for more than {TIME_BUDGET_S:.0f} seconds and was stopped"
            )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.check_clock()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_clock()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.check_clock()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.check_clock()
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise TemplateBudgetError("it raised a number to a power larger than 64")
            return left**right
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                repeats = isinstance(sized, str | list | tuple) and isinstance(count, int)
                if repeats and len(sized) * count > VALUE_BUDGET:
                    raise TemplateBudgetError(
                        "it repeated a text or list to more than a million characters"
                    )
            return left * right
        return super().call_binop(context, operator, left, right)


MAX_TEMPLATE_BYTES = 1024 * 1024
"""The largest template file read (the shipped audit template is about 6 KB)."""


class UserTemplateLoader(jinja2.BaseLoader):
    """Templates from the user's folder, each read as an ordinary file with a size bound
    (a pipe or a device there never blocks a report)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        from jinja2.loaders import split_template_path

        from app.store.user_files import UserFileError, read_user_file

        path = self.folder.joinpath(*split_template_path(template))
        if not path.exists() or path.is_dir():
            raise jinja2.TemplateNotFound(template)
        try:
            text = read_user_file(path, MAX_TEMPLATE_BYTES, "a report template").decode("utf-8")
        except UserFileError as exc:
            raise ReportError(f"The report template '{template}' cannot be used: {exc}.") from None
        except UnicodeDecodeError:
            raise ReportError(f"The report template '{template}' is not UTF-8 text.") from None
        return text, str(path), lambda: False

    def list_templates(self) -> list[str]:
        return sorted(p.name for p in self.folder.glob(f"*{TEMPLATE_SUFFIX}"))


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
            UserTemplateLoader(folder),
            jinja2.PackageLoader("app.reports", "templates"),
        ]
    )
    return BudgetedSandbox(loader=loader, **_options())


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


_REPR = re.compile(r"'?(?:[A-Za-z_]\w*\.)*([A-Z]\w*?)View'?(?: object)?'?")


def _scrub(text: str) -> str:
    """Python's names for the view-models, anywhere in a message, in plain words."""
    return _REPR.sub(lambda m: "the " + re.sub(r"(?<!^)(?=[A-Z])", " ", m.group(1)).lower(), text)


def _describe(exc: Exception) -> str:
    return _scrub(_describe_raw(exc))


def _describe_raw(exc: Exception) -> str:
    if isinstance(exc, WholeValueError):
        return str(exc)
    if isinstance(exc, TemplateBudgetError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "it needed more memory than there is"
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
    except (MemoryError, RecursionError) as exc:
        what = "too large" if isinstance(exc, MemoryError) else "nested too deeply"
        raise ReportError(f"The report template '{name}' is {what} to read.", name) from None
    try:
        return _render_within_budget(environment, template, context)
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


def _render_within_budget(
    environment: jinja2.Environment, template: jinja2.Template, context: Mapping[str, Any]
) -> str:
    """The whole output, streamed so that a user's template is stopped as soon as it goes
    over its time or size budget (the shipped templates have no budget)."""
    if not isinstance(environment, BudgetedSandbox):
        return template.render(**context)
    environment.start_clock()
    parts: list[str] = []
    size = 0
    try:
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > OUTPUT_BUDGET:
                raise TemplateBudgetError(
                    f"it produced more than {OUTPUT_BUDGET // (1024 * 1024)} MB of text"
                )
            environment.check_clock()
            parts.append(chunk)
    finally:
        environment.deadline = None
    return "".join(parts)


def render_html(name: str, report: object, *, template_dir: Path | None = None) -> str:
    """The report `report` (a view-model) through template `name`: the shipped one, or the
    user's from `template_dir`, sandboxed."""
    environment = shipped_environment() if template_dir is None else user_environment(template_dir)
    return render_template(environment, name, {"report": report})
