"""Packaging: wheels carry the checklists, the frozen build keeps the Qt modules the app
uses, and the Flatpak manifest installs what the desktop needs under the app's id."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from setuptools import Distribution, find_packages

from app.ui.icons import APP_ID

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "tightrope.spec"
FLATPAK = REPO / "packaging" / "flatpak" / f"{APP_ID}.yml"


def build_hook() -> ModuleType:
    path = REPO / "tools" / "package_checklists.py"
    spec = importlib.util.spec_from_file_location("package_checklists", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_build_py(build_lib: Path, *, editable: bool = False) -> None:
    hook = build_hook()
    dist = Distribution(
        {
            "name": "tightrope",
            "script_name": "setup.py",
            "packages": find_packages(str(REPO), include=["app*"]),
        }
    )
    command = hook.BuildPyWithChecklists(dist)
    command.build_lib = str(build_lib)
    command.editable_mode = editable
    command.ensure_finalized()
    command.run()


def test_a_built_package_lists_the_checklists_without_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `pip install .` puts in site-packages works with no checkout around it."""
    monkeypatch.chdir(REPO)
    build_lib = tmp_path / "lib"
    run_build_py(build_lib)
    shipped = {p.name for p in (REPO / "checklists").glob("*.toml")} | {"schema.json"}
    bundled = build_lib / "app" / "shipped_checklists"
    assert {p.name for p in bundled.iterdir()} == shipped

    env = {k: v for k, v in os.environ.items() if not k.startswith("TIGHTROPE_")}
    env["PYTHONPATH"] = str(build_lib)
    env["TIGHTROPE_DATA_DIR"] = str(tmp_path / "data")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import app, sys; print(app.__file__); from app.cli import main; "
            "sys.exit(main(['checklists', 'list']))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    first, *rows = run.stdout.splitlines()
    assert first.startswith(str(build_lib)), "the test imported the checkout, not the build"
    listed = {row.split()[0] for row in rows[1:]}
    assert listed == {name.removesuffix(".toml") for name in shipped if name.endswith(".toml")}


def test_an_editable_build_leaves_the_checklists_where_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    run_build_py(tmp_path / "lib", editable=True)
    assert not (tmp_path / "lib" / "app" / "shipped_checklists").exists()
    assert not (REPO / "app" / "shipped_checklists").exists()


def spec_list(name: str) -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return value
    raise AssertionError(f"{SPEC.name} has no {name} list")


def qt_modules_imported_by_the_app() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r"PySide6\.(Qt\w+)", text))
        for names in re.findall(r"from PySide6 import \(?([\w\s,]+)\)?", text):
            found.update(n.strip() for n in names.split(",") if n.strip().startswith("Qt"))
    return found


def test_the_frozen_build_keeps_every_qt_module_the_app_imports() -> None:
    used, excluded = set(spec_list("QT_USED")), set(spec_list("QT_EXCLUDED"))
    imported = qt_modules_imported_by_the_app()
    assert not used & excluded
    assert imported <= used, (
        f"add {sorted(imported - used)} to QT_USED in packaging/tightrope.spec "
        "(and take them out of QT_EXCLUDED), or the packaged app will not start"
    )


def test_the_flatpak_manifest_builds_the_app_under_its_id() -> None:
    text = FLATPAK.read_text(encoding="utf-8")
    assert re.search(rf"^id: {re.escape(APP_ID)}$", text, re.MULTILINE)
    assert re.search(r"^command: tightrope$", text, re.MULTILINE)
    for installed in (
        "resources/${FLATPAK_ID}.desktop",
        "resources/${FLATPAK_ID}.metainfo.xml",
        "resources/icons/tightrope.svg",
        "resources/icons/png/tightrope-${size}.png",
    ):
        assert installed in text
        resolved = installed.replace("${FLATPAK_ID}", APP_ID).replace("${size}", "128")
        assert (REPO / resolved).is_file(), resolved
    assert "--share=network\n" not in text.split("modules:")[0], "the app must stay offline"


def requirement_name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_flatpak_installs_every_runtime_dependency_but_pyside() -> None:
    """PySide6 comes from the base app; everything else must be pip-installed."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {requirement_name(r) for r in project["dependencies"]} - {"pyside6-essentials"}
    text = FLATPAK.read_text(encoding="utf-8")
    pip_line = text[text.index("pip3 install --prefix=/app --no-cache-dir") :].split("\n  - ")[0]
    installed = {requirement_name(r.strip("'")) for r in pip_line.split()[4:]}
    assert needed <= installed, f"add {sorted(needed - installed)} to the Flatpak manifest"


def test_a_built_package_carries_the_reply_library_and_the_check_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    build_lib = tmp_path / "lib"
    run_build_py(build_lib)
    bundled = build_lib / "app" / "shipped_replies"
    assert (bundled / "negative-review.toml").is_file()
    assert (bundled / "schema.json").is_file()
    assert (bundled / "check" / "rules.toml").is_file()
    assert (bundled / "check" / "corpus.toml").is_file()
