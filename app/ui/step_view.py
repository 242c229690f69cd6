"""The content of one walkthrough step: the setting, why it matters, how to get there,
the recommendation and the sources. Everything but the buttons."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.checklist import Severity
from app.domain.codes import OrderedReference
from app.domain.freshness import check_line
from app.domain.progress import Standing
from app.services.place import ReferenceOrder
from app.services.walkthrough import Step
from app.ui.dates import day_text
from app.ui.widgets import Callout, heading, muted, section_label, text_label

SEVERITY_TEXT = {
    Severity.HIGH: "High importance",
    Severity.MEDIUM: "Medium importance",
    Severity.LOW: "Low importance",
}


def minutes_text(minutes: int) -> str:
    if minutes <= 0:
        return "no time"
    if minutes < 60:
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    return f"about {hours} h {rest:02d} min" if rest else f"about {hours} h"


def _when(step: Step) -> str:
    previous = step.previous
    if previous is None:
        return ""
    day = day_text(previous.at.astimezone().date())
    note = f" — note: “{previous.note}”" if previous.note else ""
    if step.carried_from:
        return (
            f"This setting replaces one you answered “{previous.state.label}” on {day}. "
            f"Please check it again{note}."
        )
    if step.standing is Standing.NEEDS_RECHECK:
        return (
            f"The checklist changed since you answered “{previous.state.label}” on {day}. "
            f"Please check it again{note}."
        )
    if step.put_off_until is not None:
        return (
            f"You put this off on {day} until {day_text(step.put_off_until)}; it is still "
            f"open{note}."
        )
    return f"Your answer on {day}: {previous.state.label}{note}."


class StepView(QWidget):
    """The content of one step, inside a scroll area: everything but the buttons."""

    reference_order: ReferenceOrder | None = None
    """Orders an item's references for the practice (app.services.place); None keeps
    the checklist's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 12, 4)
        layout.setSpacing(10)
        self.title = heading("")
        self.title.setAccessibleDescription("Setting")
        self.facts = muted(text_label())
        self.checked = muted(text_label())
        self.checked.setAccessibleDescription("When the steps were checked")
        self.previous = text_label()
        self.previous.setAccessibleDescription("Earlier answer")
        self.why_label = section_label("Why it matters")
        self.why = text_label()
        self.why.setAccessibleDescription("Why it matters")
        self.steps_label = section_label("How to get there")
        self.steps = text_label(rich=True)
        self.steps.setAccessibleDescription("How to get there")
        self.recommendation = Callout()
        self.recommendation.setAccessibleName("Recommended setting")
        self.recommendation_title = section_label("")
        self.recommendation_text = text_label()
        self.recommendation.body.addWidget(self.recommendation_title)
        self.recommendation.body.addWidget(self.recommendation_text)
        self.caveat = text_label()
        self.caveat.setAccessibleDescription("Good to know")
        self.references_label = section_label("Sources")
        self.references = text_label(rich=True)
        self.references.setOpenExternalLinks(True)
        self.references.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.references.setAccessibleDescription("Sources")
        for widget in (
            self.title,
            self.facts,
            self.checked,
            self.previous,
            self.recommendation,
            self.why_label,
            self.why,
            self.steps_label,
            self.steps,
            self.caveat,
            self.references_label,
            self.references,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_step(self, step: Step, persona_kind_label: str) -> None:
        item = step.item
        self.title.setText(item.title)
        self.facts.setText(
            f"Step {step.number} of {step.total} · {SEVERITY_TEXT[item.severity]} · "
            f"{minutes_text(item.effort_minutes).capitalize()}"
        )
        checked = check_line(item, date.today())
        self.checked.setText(checked)
        self.checked.setVisible(bool(checked))
        when = _when(step)
        self.previous.setText(when)
        self.previous.setVisible(bool(when))
        self.why.setText(item.why)
        self.steps.setText(
            "<ol style='margin-left:0; -qt-list-indent:1'>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in item.steps)
            + "</ol>"
        )
        self.recommendation_title.setText(f"Recommended for a {persona_kind_label} account")
        self.recommendation_text.setText(step.recommendation or "No recommendation given.")
        self.recommendation.setAccessibleDescription(step.recommendation or "")
        self.caveat.setText(f"Good to know: {item.caveat}" if item.caveat else "")
        self.caveat.setVisible(bool(item.caveat))
        refs = []
        ordered = (
            self.reference_order(item.references)
            if self.reference_order
            else [OrderedReference(r.title, r.url, False, False) for r in item.references]
        )
        for ref in ordered:
            title = html.escape(ref.title)
            if ref.binding:
                title = f"<b>{title}</b>"
            elif ref.further:
                title += " <i>(further reading)</i>"
            if ref.url:
                refs.append(f"<li><a href='{html.escape(ref.url, quote=True)}'>{title}</a></li>")
            else:
                refs.append(f"<li>{title}</li>")
        self.references.setText("<ul style='-qt-list-indent:1'>" + "".join(refs) + "</ul>")
        self.references.setVisible(bool(refs))
        self.references_label.setVisible(bool(refs))
