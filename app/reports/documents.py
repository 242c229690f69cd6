"""The two reports, from the database to HTML, and on to a PDF or an HTML file.

Importing this module does not import Qt; only writing a PDF does.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.catalog import Catalog
from app.domain.separation import SeparationWarning
from app.reports.files import write_file_atomically
from app.reports.templating import AUDIT_TEMPLATE, POLICY_TEMPLATE, ReportError, render_html
from app.reports.wording import load_policy_wording
from app.services.reports import (
    TEMPLATE_DIR_SETTING,
    PracticeView,
    build_audit_view,
    build_policy_view,
)
from app.store.database import Database

if TYPE_CHECKING:
    from app.domain.practice import PracticeProfile
    from app.reports.pdf import DocumentInfo, PageSize, PdfDocument, Progress

log = logging.getLogger(__name__)


class ReportKind(StrEnum):
    POLICY = "policy"
    AUDIT = "audit"
    STAFF = "staff"
    """The group practice's staff summary: `app.reports.staff.render_staff`."""

    @property
    def template(self) -> str:
        named = {ReportKind.POLICY: POLICY_TEMPLATE, ReportKind.STAFF: "staff.html.j2"}
        return named.get(self, AUDIT_TEMPLATE)


@dataclass(frozen=True)
class RenderedReport:
    """A report ready to preview, print or save: its HTML and what it says about itself."""

    kind: ReportKind
    html: str
    title: str
    author: str
    footer: str
    suggested_name: str
    """A file name without extension, e.g. "social-media-policy-v2"."""
    language: str = "en"
    page_label: str = "Page {page} of {pages}"
    resource_folder: Path | None = None
    """The user's template folder, the only place its images may come from."""

    def document_info(self) -> DocumentInfo:
        from app import __version__
        from app.reports.pdf import DocumentInfo

        return DocumentInfo(
            self.title,
            self.author,
            self.footer,
            f"Tightrope {__version__}",
            language=self.language,
            page_label=self.page_label,
            resource_folder=self.resource_folder,
        )


def template_dir(db: Database) -> Path | None:
    """The user's own template folder, if they chose one."""
    value = db.setting(TEMPLATE_DIR_SETTING)
    return Path(value).expanduser() if value and value.strip() else None


def _author(practice: PracticeView) -> str:
    return ", ".join(practice.clinicians) or (practice.name if practice.is_set_up else "")


def _slug(text: str) -> str:
    kept = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in kept.split("-") if part)[:60] or "report"


def render_policy(
    db: Database,
    catalog: Catalog,
    now: datetime | None = None,
    *,
    template_folder: Path | None = None,
    language: str = "en",
    profile: PracticeProfile | None = None,
    show_generator: bool | None = None,
) -> RenderedReport:
    """The office policy; `language` chooses the default wording (en, es or fr), while
    the practice's own wording is printed as written; `profile` renders unsaved edits
    (the practice editor's preview)."""
    wording = load_policy_wording(language)
    view = build_policy_view(
        db,
        catalog,
        wording,
        now or datetime.now(UTC),
        profile=profile,
        show_generator=show_generator,
    )
    html = render_html(POLICY_TEMPLATE, view, template_dir=template_folder)
    practice = view.practice
    version = (
        f", {view.label('version').lower()} {practice.policy_version}"
        if practice.policy_version
        else ""
    )
    suffix = "" if language == "en" else f"-{language}"
    return RenderedReport(
        kind=ReportKind.POLICY,
        html=html,
        title=f"{view.title} · {practice.name}",
        author=_author(practice),
        footer=f"{practice.name} · {view.title}{version}",
        suggested_name=_slug(f"social-media-policy-v{practice.policy_version}{suffix}"),
        language=language,
        page_label=view.label("page"),
        resource_folder=template_folder,
    )


def open_warnings(
    db: Database, catalog: Catalog, now: datetime
) -> Sequence[SeparationWarning] | None:
    """The open separation warnings, or None if they cannot be worked out (the report
    then says they were not checked rather than that there are none)."""
    from app.services.separation import current_warnings
    from app.store.vault import Vault

    try:
        available = Vault.for_database(db).status().available
        return current_warnings(db, catalog, now, keyring_available=available)
    except Exception as exc:
        log.warning("separation warnings left out of the audit: %s", exc, exc_info=exc)
        return None


def render_audit(
    db: Database,
    catalog: Catalog,
    now: datetime | None = None,
    *,
    template_folder: Path | None = None,
    warnings: Sequence[SeparationWarning] | None = None,
    with_personal_handles: bool = False,
) -> RenderedReport:
    """The audit of the clinician named in the settings; personal handles only if asked."""
    moment = now or datetime.now(UTC)
    if warnings is None:
        warnings = open_warnings(db, catalog, moment)
    view = build_audit_view(
        db, catalog, moment, warnings=warnings, with_personal_handles=with_personal_handles
    )
    html = render_html(AUDIT_TEMPLATE, view, template_dir=template_folder)
    practice = view.practice
    return RenderedReport(
        kind=ReportKind.AUDIT,
        html=html,
        title=f"{view.title} · {practice.name}",
        author=view.clinician or _author(practice),
        footer=f"{practice.name} · {view.title} · {view.generated_on}",
        suggested_name=_slug(f"privacy-audit-{moment.date().isoformat()}"),
        resource_folder=template_folder,
    )


def render_report(
    kind: ReportKind,
    db: Database,
    catalog: Catalog,
    now: datetime | None = None,
    *,
    template_folder: Path | None = None,
    warnings: Sequence[SeparationWarning] | None = None,
    with_personal_handles: bool = False,
    language: str = "en",
) -> RenderedReport:
    """Either report; `template_folder` None means the shipped templates. `language`
    applies to the policy (the audit is for the practice, in English)."""
    if kind is ReportKind.POLICY:
        return render_policy(db, catalog, now, template_folder=template_folder, language=language)
    return render_audit(
        db,
        catalog,
        now,
        template_folder=template_folder,
        warnings=warnings,
        with_personal_handles=with_personal_handles,
    )


def render_pdf(
    report: RenderedReport,
    page_size: PageSize | None = None,
    *,
    progress: Progress | None = None,
) -> PdfDocument:
    """The report as a PDF. Creates a windowless Qt application if none is running.
    `progress(percent, what)` is told how far along it is."""
    from app.reports.pdf import PageSize, ensure_gui_application, html_to_pdf

    ensure_gui_application()
    return html_to_pdf(
        report.html, report.document_info(), page_size or PageSize.A4, progress=progress
    )


def save_pdf(
    report: RenderedReport,
    path: Path,
    page_size: PageSize | None = None,
    *,
    progress: Progress | None = None,
) -> int:
    """Write the report to `path` as a PDF; returns the number of pages."""
    document = render_pdf(report, page_size, progress=progress)
    write_file_atomically(path, document.data)
    return document.pages


def save_html(report: RenderedReport, path: Path) -> None:
    write_file_atomically(path, report.html.encode("utf-8"))


__all__ = [
    "RenderedReport",
    "ReportError",
    "ReportKind",
    "render_audit",
    "render_pdf",
    "render_policy",
    "render_report",
    "save_html",
    "save_pdf",
    "template_dir",
]
