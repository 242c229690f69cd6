"""`tightrope reply list | show` and `tightrope check-draft`, as a script would use them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services.replies import shipped_replies


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_reply_list_names_every_situation(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "reply", "list")
    assert code == 0
    for situation in shipped_replies().library.situations:
        assert situation in out
    code, out, _ = run(capsys, "reply", "list", "--json")
    data = json.loads(out)
    assert data["format"] == 1 and len(data["situations"]) >= 11


def test_reply_show_fills_in_the_practice(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "practice", "set", "name", "Riverside Counselling")[0] == 0
    assert run(capsys, "practice", "set", "crisis_line", "988")[0] == 0
    code, out, _ = run(capsys, "reply", "show", "crisis-message")
    assert code == 0
    assert "Riverside Counselling" in out and "You can call 988" in out
    assert "Never:" in out and "References:" in out
    code, out, _ = run(capsys, "reply", "show", "negative-review", "--json")
    data = json.loads(out)
    assert data["private_reply"] == "" and data["sleep_on_it"] is True
    assert data["stance"] == "no-response"


def test_reply_show_unknown_situation_lists_the_real_ones(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "reply", "show", "tweet-storm")
    assert code == 1
    assert err.count("\n") == 1 and "negative-review" in err


def test_check_draft_exit_codes_and_one_finding_per_line(
    cli_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unsafe = tmp_path / "reply.txt"
    unsafe.write_text("Thanks for the review!\nAs your therapist I know you tried.\n", "utf-8")
    code, out, _ = run(capsys, "check-draft", str(unsafe))
    assert code == 3
    lines = out.splitlines()
    assert len(lines) >= 2
    assert lines[0].startswith("1:1: relationship:")
    assert any(line.startswith("2:1: relationship:") for line in lines)
    assert all("tightrope reply show" in line for line in lines)

    safe = tmp_path / "post.txt"
    safe.write_text("Anxiety is common. Slow breathing can help.", "utf-8")
    code, out, err = run(capsys, "check-draft", str(safe))
    assert (code, out) == (0, "")
    assert "Nothing found" in err


def test_check_draft_reads_standard_input_and_honours_the_kind(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Your anxiety is not a weakness."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert run(capsys, "check-draft", "-", "--kind", "post")[0] == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "check-draft", "--kind", "review-reply", "--json")
    assert code == 3
    data = json.loads(out)
    assert data["format"] == 1 and data["kind"] == "review-reply"
    [clinical] = [f for f in data["findings"] if f["category"] == "clinical"]
    assert text[clinical["start"] : clinical["end"]] == "anxiety" == clinical["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"\x00\x01binary", "is not text"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8 text"),
        (b"x" * 1_000_001, "larger than"),
    ],
)
def test_check_draft_refuses_unreadable_input_with_one_line(
    cli_env: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / "draft.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "check-draft", str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err


def test_check_draft_wrong_usage_is_exit_2(cli_env: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check-draft", "--kind", "tweet"])
    assert exit_.value.code == 2


def test_check_draft_prints_invisible_characters_as_escapes(
    cli_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "rtl.txt"
    path.write_text("As your \u202etherapist I remember.", "utf-8")
    code, out, _ = run(capsys, "check-draft", str(path), "--kind", "reply")
    assert code == 3
    assert "\u202e" not in out and "\\u202e" in out


def test_check_draft_runs_without_qt_or_a_data_folder(tmp_path: Path) -> None:
    code = (
        "import sys, io; from app.cli import main; "
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'We saw you on Monday.')); "
        "rc = main(['check-draft', '--kind', 'reply']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'; "
        "sys.exit(rc)"
    )
    env = {"TIGHTROPE_DATA_DIR": str(tmp_path / "none"), "PATH": ""}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)
    assert done.returncode == 3, done.stderr
    assert not (tmp_path / "none").exists()
