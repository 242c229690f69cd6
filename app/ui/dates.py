"""Days as the window shows them: one format everywhere, the system locale's long date
without the weekday ("1 December 2026" in Britain, "December 1, 2026" in the US). The
month is written out, so a day is never misread across countries. Printed reports follow
the practice's country instead (app.reports)."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QLocale

_WEEKDAY = re.compile(r"\s*d{4}[,،]?\s*")
_FALLBACK = "d MMMM yyyy"


def day_format(locale: QLocale | None = None) -> str:
    """The Qt date pattern for a day in `locale` (the default locale when None)."""
    locale = locale or QLocale()
    pattern = _WEEKDAY.sub(" ", locale.dateFormat(QLocale.FormatType.LongFormat))
    pattern = pattern.strip(" ,،")
    if not all(part in pattern for part in ("d", "M", "y")):
        return _FALLBACK
    return pattern


def day_text(day: date, locale: QLocale | None = None) -> str:
    """`day` in the window's one format."""
    locale = locale or QLocale()
    return locale.toString(QDate(day.year, day.month, day.day), day_format(locale))
