"""The staff summary report, rendered like the audit (same frame, same PDF machinery)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.domain.catalog import Catalog
from app.reports.documents import RenderedReport, ReportKind, _slug
from app.reports.templating import render_html
from app.services.staff_view import StaffView, build_staff_view
from app.store.database import Database


def render_staff_view(view: StaffView, *, template_folder: Path | None = None) -> RenderedReport:
    html = render_html(ReportKind.STAFF.template, view, template_dir=template_folder)
    practice = view.practice
    return RenderedReport(
        kind=ReportKind.STAFF,
        html=html,
        title=f"{view.title} · {practice.name}",
        author=practice.name,
        footer=f"{practice.name} · {view.title} · {view.generated_on}",
        suggested_name=_slug(f"staff-summary-{view.generated_on}"),
    )


def render_staff(
    db: Database,
    catalog: Catalog,
    folder: Path,
    now: datetime | None = None,
    *,
    template_folder: Path | None = None,
) -> tuple[RenderedReport, StaffView]:
    view = build_staff_view(db, catalog, folder, now or datetime.now(UTC))
    return render_staff_view(view, template_folder=template_folder), view
