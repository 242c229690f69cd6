"""Screenshots of each main screen, light and dark, for the README (`make screenshots`).

Builds a realistic demo data folder in a temporary directory (a practice, two personas,
six accounts in various states, a keyring held in memory), opens the real windows
offscreen with a fixed clock, and saves PNGs into docs/screenshots/. The first page of
each report comes from the practice the report tests use, through pdftoppm.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots [OUT_DIR]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from app.domain.checklist import PersonaKind
from app.domain.personas import SecretField
from app.domain.practice import PracticeProfile
from app.domain.progress import AnswerState
from app.domain.review import ElsewhereHow, ReviewEvent, ReviewEventKind
from app.reports.documents import RenderedReport, render_audit, render_policy, save_pdf
from app.reports.pdf import PageSize
from app.services.checklists import load_default_catalog
from app.services.clinician import set_clinician
from app.services.secrets import save_secrets
from app.services.separation import current_warnings
from app.store.checklist_files import Catalog
from app.store.database import Database
from app.store.vault import Vault
from app.ui.account_dialog import AccountDialog
from app.ui.main_window import MainWindow
from app.ui.setup_wizard import SetupWizard
from tests.memory_keyring import MemoryKeyring
from tests.test_reports_fixture import NOW as REPORT_NOW
from tests.test_reports_fixture import AccountSpec, populate, with_a_revised_item

NOW = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f2023",
        QPalette.ColorRole.AlternateBase: "#34373b",
        QPalette.ColorRole.ToolTipBase: "#34373b",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#9a9da3",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#35383c",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#4a7cc9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.LinkVisited: "#c58af9",
        QPalette.ColorRole.Light: "#4a4d52",
        QPalette.ColorRole.Midlight: "#3d4044",
        QPalette.ColorRole.Mid: "#2f3134",
        QPalette.ColorRole.Dark: "#1b1c1e",
        QPalette.ColorRole.Shadow: "#111111",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8086"))
    return palette


def _answer_all(
    db: Database,
    catalog: Catalog,
    account_id: int,
    kind: PersonaKind,
    when: datetime,
    *,
    skip: int = 0,
    limit: int | None = None,
    not_applicable: tuple[str, ...] = (),
    later: tuple[str, ...] = (),
    notes: dict[str, str] | None = None,
    old_revision: tuple[str, ...] = (),
) -> None:
    account = db.account(account_id)
    checklist = catalog.checklists[account.checklist_id]
    items = checklist.items_for(kind)[skip:]
    if limit is not None:
        items = items[:limit]
    for n, item in enumerate(items):
        state = (
            AnswerState.NOT_APPLICABLE
            if item.id in not_applicable
            else AnswerState.LATER
            if item.id in later
            else AnswerState.DONE
        )
        revision = item.revision - 1 if item.id in old_revision else item.revision
        version = "2026.9.0" if item.id in old_revision else str(checklist.version)
        db.record_answer(
            account_id,
            checklist.id,
            version,
            item.id,
            revision,
            state,
            (notes or {}).get(item.id, ""),
            when + timedelta(minutes=2 * n),
        )


def build_demo(data_dir: Path, vault_backend: MemoryKeyring) -> tuple[Database, Catalog, Vault]:
    """A practice a year into using Tightrope: some accounts up to date, some due."""
    catalog = load_default_catalog()
    db = Database.open(data_dir / "tightrope.sqlite3")
    db.save_practice(
        PracticeProfile(
            name="Riverside Counselling",
            clinicians=("Jane Doe, LPC", "Sam Okafor, LCSW"),
            phone="+1 555 0100",
            email="office@riverside-counselling.example",
            website="https://riverside-counselling.example",
            emergency_wording="Social media and e-mail are not checked for emergencies.",
            crisis_line="988",
        )
    )
    set_clinician(db, "Jane Doe, LPC")
    personal = db.add_persona("Personal", PersonaKind.PERSONAL, colour="#3f8f6b")
    professional = db.add_persona("Professional", PersonaKind.PROFESSIONAL, colour="#5b7db1")
    vault = Vault.for_database(db, backend=vault_backend)

    facebook = db.add_account(personal.id, "facebook", "jane.doe.home")
    _answer_all(
        db,
        catalog,
        facebook.id,
        PersonaKind.PERSONAL,
        datetime(2026, 11, 28, 19, 0, tzinfo=UTC),
        not_applicable=("fb-followers",),
        notes={"fb-lookup-phone": "Only me; also removed the old number"},
    )
    db.record_review_event(
        ReviewEvent(
            facebook.id, ReviewEventKind.COMPLETED, datetime(2026, 11, 28, 20, 0, tzinfo=UTC)
        )
    )
    instagram = db.add_account(
        personal.id, "instagram", "@jane.walks", "https://www.instagram.com/jane.walks"
    )
    _answer_all(
        db,
        catalog,
        instagram.id,
        PersonaKind.PERSONAL,
        datetime(2027, 2, 20, 18, 30, tzinfo=UTC),
        limit=6,
        later=("ig-accounts-centre-links",),
        notes={"ig-private-account": "Removed two followers I know through work"},
    )
    whatsapp = db.add_account(personal.id, "whatsapp", "Jane (personal phone)")
    _answer_all(
        db,
        catalog,
        whatsapp.id,
        PersonaKind.PERSONAL,
        datetime(2027, 1, 15, 9, 0, tzinfo=UTC),
        old_revision=("wa-status-audience", "wa-last-seen-online"),
    )
    db.record_review_event(
        ReviewEvent(
            whatsapp.id, ReviewEventKind.COMPLETED, datetime(2027, 1, 15, 9, 40, tzinfo=UTC)
        )
    )
    db.record_review_event(
        ReviewEvent(
            facebook.id,
            ReviewEventKind.REVIEWED_ELSEWHERE,
            datetime(2027, 2, 27, 18, 0, tzinfo=UTC),
            note="Facebook's Privacy Checkup, on the laptop",
            how=ElsewhereHow.PLATFORM_CHECKUP.value,
        )
    )
    page = db.add_account(
        professional.id, "facebook-page", "Riverside Counselling", "https://facebook.com/riverside"
    )
    _answer_all(
        db, catalog, page.id, PersonaKind.PROFESSIONAL, datetime(2027, 1, 20, 12, 0, tzinfo=UTC)
    )
    db.record_review_event(
        ReviewEvent(page.id, ReviewEventKind.COMPLETED, datetime(2027, 1, 20, 13, 0, tzinfo=UTC))
    )
    linkedin = db.add_account(professional.id, "linkedin", "Dr Jane Doe, LPC")
    _answer_all(
        db,
        catalog,
        linkedin.id,
        PersonaKind.PROFESSIONAL,
        datetime(2027, 2, 25, 16, 0, tzinfo=UTC),
        not_applicable=("li-ai-training",),
    )
    db.record_review_event(
        ReviewEvent(
            linkedin.id, ReviewEventKind.COMPLETED, datetime(2027, 2, 25, 17, 0, tzinfo=UTC)
        )
    )
    db.add_account(professional.id, "google-business-profile", "Riverside Counselling")

    save_secrets(
        vault,
        whatsapp.id,
        {SecretField.PHONE: "+1 555 0142", SecretField.LOGIN_EMAIL: ""},
    )
    save_secrets(
        vault,
        linkedin.id,
        {
            SecretField.LOGIN_EMAIL: "jane@riverside-counselling.example",
            SecretField.PHONE: "+1 555 0142",
            SecretField.RECOVERY_NOTES: "Recovery codes in the office safe, envelope 3.",
        },
    )
    return db, catalog, vault


def settle(ms: int = 150) -> None:
    """Let layouts, background tasks and queued signals finish."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def save_menus(window: QWidget, menus: list[QWidget], out: Path, name: str) -> Path:
    """The window with its open menus painted over it (grab() leaves popups out)."""
    from PySide6.QtGui import QPainter

    settle()
    picture = window.grab()
    painter = QPainter(picture)
    origin = window.mapToGlobal(window.rect().topLeft())
    for menu in menus:
        painter.drawPixmap(menu.pos() - origin, menu.grab())
    painter.end()
    path = out / f"{name}.png"
    picture.save(str(path))
    print(path)
    return path


def shoot_small_screens(out: Path) -> None:
    """The dashboard on a 1024x600 netbook, in a process of its own per scale (the screen
    and QT_SCALE_FACTOR are fixed when Qt starts): see `small_screen_main`."""
    import json
    import os

    from tests.window_fit import screen_config

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "screen.json"
        config.write_text(json.dumps(screen_config(1024, 600)), encoding="utf-8")
        for scale, name in (("1", "dashboard-1024x600"), ("1.5", "dashboard-1024x600-150")):
            env = dict(os.environ)
            env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
            env.pop("QT_SCALE_FACTOR", None)
            env["QT_SCALE_FACTOR"] = scale
            subprocess.run(
                [sys.executable, "-m", "tools.screenshots", "--small", str(out), name],
                env=env,
                check=True,
            )


def small_screen_main(out: Path, name: str) -> int:
    """One dashboard picture on whatever screen this process was given."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle(QStyleFactory.create("Fusion"))
    with demo(out) as (db, catalog, vault):
        window = MainWindow(db, catalog, vault, clock=lambda: NOW, tz=UTC)
        window.keyring_available = True
        window.show()
        window.finish_start()
        window.refresh()
        save(window, out, name)
        window.close()
    return 0


@contextmanager
def demo(out: Path) -> Iterator[tuple[Database, Catalog, Vault]]:
    with tempfile.TemporaryDirectory() as tmp:
        backend = MemoryKeyring()
        db, catalog, vault = build_demo(Path(tmp), backend)
        try:
            yield db, catalog, vault
        finally:
            db.close()


def shoot(out: Path, theme: str) -> None:
    with demo(out) as (db, catalog, vault):
        window = MainWindow(db, catalog, vault, clock=lambda: NOW, tz=UTC)
        window.keyring_available = True
        window.resize(1240, 780)
        window.show()
        window.refresh()
        save(window, out, f"dashboard-{theme}")

        instagram = next(o for o in window.overviews if o.account.checklist_id == "instagram")
        window.panel.select("account", instagram.account.id)
        window.details.items.expand(window.details.proxy.index(0, 0))
        save(window, out, f"account-details-{theme}")

        walk = window.open_walkthrough(instagram.account.id)
        assert walk is not None
        walk.resize(980, 760)
        save(walk, out, f"walkthrough-{theme}")
        walk.close()

        linkedin = next(o for o in window.overviews if o.account.checklist_id == "linkedin")
        dialog = AccountDialog(
            db.personas(), catalog.sorted(), vault, account=linkedin.account, parent=window
        )
        dialog.show()
        settle(600)
        save(dialog, out, f"account-dialog-{theme}")
        dialog.close()

        from keyring.backends import fail

        broken = Vault(vault.namespace, backend=fail.Keyring(), timeout=2)
        no_keyring = AccountDialog(db.personas(), catalog.sorted(), broken, parent=window)
        no_keyring.show()
        settle(600)
        save(no_keyring, out, f"account-dialog-no-keyring-{theme}")
        no_keyring.close()
        shoot_replies(window, out, theme)

        from app.ui.practice_editor import PracticeEditor

        editor = PracticeEditor(db, catalog, window, now=NOW)
        editor.resize(1180, 760)
        editor.show()
        editor.tabs.setCurrentIndex(1)
        save(editor, out, f"practice-editor-{theme}")
        editor.close()

        window.file_menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
        settle(200)
        menu = window.data_actions.menu
        assert menu is not None
        window.file_menu.setActiveAction(menu.menuAction())
        menu.popup(window.file_menu.geometry().topRight())
        save_menus(window, [window.file_menu, menu], out, f"data-menu-{theme}")
        menu.close()
        window.file_menu.close()
        window.close()

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Database.open(Path(tmp) / "tightrope.sqlite3")
        try:
            wizard = SetupWizard(fresh.practice(), fresh.personas(), catalog.sorted())
            wizard.show()
            wizard.next()
            page = wizard.practice_page
            page.name.setText("Riverside Counselling")
            page.clinicians.setPlainText("Jane Doe, LPC\nSam Okafor, LCSW")
            page.phone.setText("+1 555 0100")
            page.email.setText("office@riverside-counselling.example")
            save(wizard, out, f"setup-wizard-{theme}")
            wizard.next()
            wizard.next()
            save(wizard, out, f"setup-wizard-personas-{theme}")
            wizard.close()
        finally:
            fresh.close()


# ---- the Replies screen (branch replies) ----
REPLIES_DRAFT = (
    "Thank you for the review. As your therapist I have to say this is not true: "
    "you missed three appointments in January and your anxiety was never the issue."
)


def shoot_replies(window: MainWindow, out: Path, theme: str) -> None:
    """The Replies screen on a negative review, with a draft checked and its findings
    highlighted: at its normal size, and at 1024x600."""
    from app.ui.replies_entry import open_replies

    google = next(
        o for o in window.overviews if o.account.checklist_id == "google-business-profile"
    )
    screen = open_replies(window, google.account.id, "negative-review")
    assert screen is not None
    screen.editor.setPlainText(REPLIES_DRAFT)
    screen.kind.setCurrentIndex(screen.kind.findData("review-reply"))
    screen.check()
    screen.client_code.setText("C-104")
    for size, name in (((1100, 760), f"replies-{theme}"), ((1024, 600), f"replies-small-{theme}")):
        screen.resize(*size)
        save(screen, out, name)
    screen.close()


# ---- end of the Replies screen ----


REPORT_ACCOUNTS = (
    AccountSpec("Personal", "facebook", "Jane Doe"),
    AccountSpec("Personal", "instagram", "@jane.doe"),
    AccountSpec("Professional", "facebook-page", "Riverside Counselling"),
    AccountSpec("Professional", "linkedin", "Dr Jane Doe"),
)


def demo_audit(folder: Path, *, with_personal_handles: bool = False) -> RenderedReport:
    """The audit of the demo practice's clinician, as the app would print it."""
    folder.mkdir(parents=True, exist_ok=True)
    db, catalog, _vault = build_demo(folder, MemoryKeyring())
    try:
        warnings = current_warnings(db, catalog, NOW, keyring_available=True)
        return render_audit(
            db, catalog, NOW, warnings=warnings, with_personal_handles=with_personal_handles
        )
    finally:
        db.close()


def shoot_reports(out: Path) -> None:
    """The first page of the policy and of the audit summary, printed on A4.

    The PDF is turned into a PNG by pdftoppm (poppler-utils); without it the report
    screenshots are left as they are.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm (poppler-utils) not found: report screenshots not renewed")
        return
    catalog = with_a_revised_item(load_default_catalog())
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "tightrope.sqlite3")
        try:
            populate(db, catalog, tuple(a for a in REPORT_ACCOUNTS if catalog.get(a.checklist_id)))
            reports = {
                "report-policy": render_policy(db, catalog, REPORT_NOW),
                "report-audit": demo_audit(Path(tmp) / "demo"),
            }
            for name, report in reports.items():
                pdf = Path(tmp) / f"{name}.pdf"
                save_pdf(report, pdf, PageSize.A4)
                first_page = ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
                subprocess.run([pdftoppm, *first_page, str(pdf), str(out / name)], check=True)
                print(out / f"{name}.png")
        finally:
            db.close()


def big_screen() -> None:
    """A 1600x1000 offscreen screen for the main pictures (the plugin's default one is
    smaller, and every window now fits itself to its screen)."""
    import json
    import os

    from tests.window_fit import screen_config

    if os.environ.get("QT_QPA_PLATFORM") != "offscreen" or QApplication.instance() is not None:
        return
    config = Path(tempfile.gettempdir()) / "tightrope-screenshots-screen.json"
    config.write_text(json.dumps(screen_config(1600, 1000)), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str]) -> int:
    if len(argv) > 3 and argv[1] == "--small":
        return small_screen_main(Path(argv[2]), argv[3])
    big_screen()
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    light = app.style().standardPalette()
    for theme, palette in (("light", light), ("dark", dark_palette())):
        app.setPalette(palette)
        shoot(out, theme)
    shoot_reports(out)
    shoot_small_screens(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
