from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from app.cli import main
from app.domain.checklist_parse import ChecklistError
from app.store import paths
from app.store.checklist_files import Source, load_catalog, load_checklist_file
from tests.checklist_factory import raw_checklist, raw_item, to_toml

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "checklists"
SCHEMA = json.loads((SHIPPED / "schema.json").read_text())


def write(directory: Path, data: dict[str, Any], name: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (name or f"{data['id']}.toml")
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def test_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path, raw_checklist("alpha"))
    write(tmp_path, raw_checklist("beta", items=[raw_item("b-1", link="http://insecure")]))
    (tmp_path / "gamma.toml").write_text("id = 'gamma\n", encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert list(catalog.checklists) == ["alpha"]
    problems = [str(p) for p in catalog.problems]
    assert any(p.startswith(f"{tmp_path / 'beta.toml'}: b-1: link:") for p in problems)
    assert any("gamma.toml: -: file: is not valid TOML" in p for p in problems)


def test_user_checklists_add_platforms_but_cannot_shadow_shipped(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    write(shipped, raw_checklist("alpha"))
    write(user, raw_checklist("alpha", platform="Sneaky copy"))
    write(user, raw_checklist("practice-own"))
    catalog = load_catalog(shipped, user)
    assert catalog.sources == {"alpha": Source.SHIPPED, "practice-own": Source.USER}
    assert catalog.checklists["alpha"].platform == "Example"
    [problem] = catalog.problems
    assert "cannot replace a shipped one" in problem.message


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = write(tmp_path, raw_checklist("alpha"), name="beta.toml")
    with pytest.raises(ChecklistError, match=r"name it 'alpha\.toml'"):
        load_checklist_file(path)


def test_shipped_checklists_are_valid_and_match_the_schema() -> None:
    import tomllib

    catalog = load_catalog(SHIPPED)
    assert catalog.problems == []
    for path in SHIPPED.glob("*.toml"):
        jsonschema.validate(jsonable(tomllib.loads(path.read_text())), SCHEMA)


@pytest.mark.parametrize(
    "breakage",
    [
        {"version": "2026.13.0"},
        {"kind": "secret"},
        {"unknown_field": 1},
        {"items": [raw_item("x", link="http://x")]},
        {"items": [raw_item("x", title="")]},
        {"items": [raw_item("x", effort=0)]},
        {"items": [raw_item("Bad Id")]},
        {"items": [{**raw_item("x"), "severtiy": "high"}]},
    ],
)
def test_schema_and_loader_refuse_the_same_things(breakage: dict[str, Any], tmp_path: Path) -> None:
    data = raw_checklist("alpha", **breakage)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(jsonable(data), SCHEMA)
    assert load_catalog(write(tmp_path, data).parent).problems


def test_valid_example_passes_the_schema() -> None:
    jsonschema.validate(jsonable(raw_checklist()), SCHEMA)


def test_cli_validate_reports_file_item_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, raw_checklist("alpha"))
    bad = write(tmp_path, raw_checklist("beta", items=[raw_item("b-1", title="")]))
    assert main(["checklists", "validate", str(good)]) == 0
    assert main(["checklists", "validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: b-1: title: is empty" in out


def test_cli_validate_shipped_set_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklists", "validate", str(SHIPPED)]) == 0


def test_cli_list_shows_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    write(shipped, raw_checklist("alpha"))
    write(tmp_path / "data" / "checklists", raw_checklist("mine"))
    monkeypatch.setenv(paths.CHECKLISTS_DIR_ENV, str(shipped))
    assert main(["--data-dir", str(tmp_path / "data"), "checklists", "list"]) == 0
    paths.set_data_dir(None)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "ID",
        "PLATFORM",
        "KIND",
        "VERSION",
        "ITEMS",
        "REVIEWED",
        "SOURCE",
        "CHECKED",
    ]
    assert lines[1].split() == [
        "alpha",
        "Example",
        "privacy",
        "2026.11.0",
        "2",
        "2026-11-20",
        "shipped",
        "-",
    ]
    assert lines[2].split()[-2:] == ["user", "-"]


def test_cli_diff_names_changes_and_refuses_regressions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old", raw_checklist("alpha", items=[raw_item("a"), raw_item("b")]))
    changelog = [{"version": "2026.12.0", "date": date(2026, 12, 1), "changes": "Revised a."}]
    new_items = [raw_item("a", revision=2), raw_item("c", replaces=["b"])]
    new = write(
        tmp_path / "new",
        raw_checklist(
            "alpha", items=new_items, version="2026.12.0", changelog=changelog, retired=["b"]
        ),
    )
    assert main(["checklists", "diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "revised   a (revision 1 -> 2" in out
    assert "added     c" in out and "removed   b" in out
    assert "replaces  c takes over the answers of b" in out
    assert main(["checklists", "diff", str(new), str(old)]) == 1
    out = capsys.readouterr().out
    assert "went from revision 2 down to 1" in out
    assert "the version went down" in out


def test_subcommands_do_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from app.cli import main; "
        f"rc = main(['checklists', 'validate', {str(SHIPPED)!r}]); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'; "
        "sys.exit(rc)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_domain_has_no_qt_or_io_imports() -> None:
    code = (
        "import sys, pkgutil, importlib, app.domain; "
        "modules = pkgutil.iter_modules(app.domain.__path__); "
        "[importlib.import_module(f'app.domain.{m.name}') for m in modules]; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'sqlite3', 'keyring'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


REQUIRED_PRIVACY = {
    "facebook": 10,
    "instagram": 10,
    "x": 10,
    "linkedin": 10,
    "facebook-page": 6,
    "tiktok": 6,
    "youtube": 6,
    "google-business-profile": 6,
    "whatsapp": 6,
    "signal": 8,
    "telegram": 8,
    "bluesky": 8,
    "snapchat": 8,
    "reddit": 8,
    "nextdoor": 8,
    "threads": 8,
    "zoom": 8,
    "venmo": 8,
    "cash-app": 8,
    "paypal": 8,
    "google-account": 8,
    "therapist-directories": 8,
    "review-sites": 8,
    "iphone": 8,
    "android": 8,
}


def test_shipped_set_covers_every_platform_with_enough_items() -> None:
    catalog = load_catalog(SHIPPED)
    for checklist_id, minimum in REQUIRED_PRIVACY.items():
        checklist = catalog.get(checklist_id)
        assert checklist is not None, f"{checklist_id} is not shipped"
        assert checklist.kind.value == "privacy"
        assert len(checklist.items) >= minimum, checklist_id
    conduct = catalog.get("professional-conduct")
    assert conduct is not None and conduct.kind.value == "policy"


def test_every_shipped_item_is_actionable_and_sourced() -> None:
    for checklist in load_catalog(SHIPPED).checklists.values():
        ids = [item.id for item in checklist.items]
        assert len(ids) == len(set(ids))
        for item in checklist.items:
            assert item.references, item.id
            assert item.steps, item.id
            assert len(item.why) > 60, f"{item.id}: 'why' too thin for a clinician"


def test_every_shipped_item_says_when_and_against_what_it_was_checked() -> None:
    for checklist in load_catalog(SHIPPED).checklists.values():
        for item in checklist.items:
            assert item.checked is not None, f"{checklist.id}: {item.id}: no checked date"
            assert item.checked_against, f"{checklist.id}: {item.id}: no checked_against"
            assert item.checked <= date.today(), f"{item.id}: checked in the future"


def test_check_fields_are_optional_for_user_checklists_but_come_in_pairs(tmp_path: Path) -> None:
    dated = raw_item("a-1", checked=date(2026, 12, 1), checked_against="Example Help")
    plain = raw_item("a-2")
    catalog = load_catalog(
        write(tmp_path / "ok", raw_checklist("alpha", items=[dated, plain])).parent
    )
    assert catalog.problems == []
    first, second = catalog.checklists["alpha"].items
    assert (first.checked, first.checked_against) == (date(2026, 12, 1), "Example Help")
    assert (second.checked, second.checked_against) == (None, None)
    jsonschema.validate(jsonable(raw_checklist("alpha", items=[dated, plain])), SCHEMA)

    lonely = raw_item("b-1", checked=date(2026, 12, 1))
    bad_date = raw_item("b-2", checked="1 December", checked_against="Example Help")
    data = raw_checklist("beta", items=[lonely, bad_date])
    problems = [str(p) for p in load_catalog(write(tmp_path / "bad", data).parent).problems]
    assert any("b-1: checked_against: is missing" in p for p in problems)
    assert any("b-2: checked: must be a date" in p for p in problems)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(jsonable(raw_checklist("beta", items=[lonely])), SCHEMA)
