"""The office policy by country and in the client's language (issue 19)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.domain.policy import paragraphs
from app.domain.practice import PracticeProfile
from app.reports.documents import render_policy
from app.reports.wording import load_places, load_policy_wording
from app.services.place import set_country, set_profession
from app.store.database import Database
from tests.test_reports_fixture import synthetic_catalog

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)

LAWS = {
    "US": "HIPAA",
    "GB": "UK GDPR",
    "IE": "Data Protection Commission",
    "CA": "PIPEDA",
    "AU": "Privacy Act 1988",
    "NZ": "Privacy Act 2020",
}
NUMBERS = {
    "US": ["911", "988"],
    "GB": ["999", "116 123"],
    "IE": ["112", "999", "116 123"],
    "CA": ["911", "988"],
    "AU": ["000", "13 11 14"],
    "NZ": ["111", "1737"],
}


def text_of(page: str) -> str:
    """What a reader sees: the HTML body without tags, entities decoded."""
    body = page.split("<body>", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def has_number(text: str, number: str) -> bool:
    """`number` as a whole number: 988 is not in 1988, nor 123 in 116 123."""
    return re.search(rf"(?<!\d)(?<!\d ){re.escape(number)}(?! ?\d)", text) is not None


def policy_for(db: Database, country: str | None, language: str = "en") -> str:
    db.save_practice(PracticeProfile(name="Harbour Therapy", policy_effective="2026-03-04"))
    if country:
        set_country(db, country)
    return text_of(render_policy(db, synthetic_catalog(), NOW, language=language).html)


@pytest.mark.parametrize("country", sorted(LAWS))
def test_each_country_names_its_own_law_and_numbers_and_no_one_elses(
    db: Database, country: str
) -> None:
    text = policy_for(db, country)
    assert LAWS[country] in text
    for number in NUMBERS[country]:
        assert has_number(text, number), f"{country} policy lacks {number}"
    for other, law in LAWS.items():
        if other != country and law not in LAWS[country]:
            assert law not in text, f"the {country} policy names {other}'s {law}"
    others = {n for c, ns in NUMBERS.items() if c != country for n in ns} - set(NUMBERS[country])
    for number in others:
        assert not has_number(text, number), f"the {country} policy shows {number}"


def test_uk_policy_has_no_hipaa_and_us_policy_has_no_gdpr(db: Database) -> None:
    uk = policy_for(db, "GB")
    assert "HIPAA" not in uk and "Samaritans" in uk and "A&E" in uk
    us = policy_for(db, "US")
    assert "GDPR" not in us and "Samaritans" not in us
    assert "988 Suicide & Crisis Lifeline" in us


def test_australian_policy_says_testimonials_are_removed(db: Database) -> None:
    au = policy_for(db, "AU")
    reviews = au.split("Business review sites and testimonials", 1)[1].split("5. ", 1)[0]
    assert "we remove it" in reviews
    assert "testimonial" in reviews
    assert "we remove it" not in policy_for(db, "GB")
    es = policy_for(db, "AU", "es")
    assert "lo eliminamos" in es


def test_the_practice_own_wording_and_crisis_line_win_over_the_country_defaults(
    db: Database,
) -> None:
    db.save_practice(
        PracticeProfile(
            name="Harbour Therapy",
            crisis_line="Our on-call line: 0123 456",
            emergency_wording="Ring the on-call clinician first.",
            stances={"reviews": "We read every review and never reply."},
        )
    )
    set_country(db, "AU")
    text = text_of(render_policy(db, synthetic_catalog(), NOW, language="es").html)
    assert "Our on-call line: 0123 456" in text
    assert "Ring the on-call clinician first." in text
    assert "We read every review and never reply." in text
    assert "13 11 14" not in text
    assert "lo eliminamos" not in text, "no local note after the practice's own wording"


def test_dates_follow_the_country_and_the_language(db: Database) -> None:
    assert "effective March 4, 2026" in policy_for(db, "US")
    assert "effective 4 March 2026" in policy_for(db, "GB")
    assert "en vigor desde el 4 de marzo de 2026" in policy_for(db, "GB", "es")
    assert "en vigueur le 4 mars 2026" in policy_for(db, "CA", "fr")


def test_without_a_country_the_policy_is_as_before(db: Database) -> None:
    text = policy_for(db, None)
    assert "call your local emergency number" in text
    assert "Your privacy" not in text
    for law in LAWS.values():
        assert law not in text


def _english_defaults() -> list[str]:
    """Every sentence of the English default wording and of the countries' English text."""
    wording = load_policy_wording("en")
    blocks = [wording.intro, wording.acknowledgement, wording.no_professional_accounts]
    blocks += [wording.emergency_fallback, *wording.labels.values()]
    blocks += [o.text for s in wording.sections for o in s.options] + [
        s.title for s in wording.sections
    ]
    for country in load_places().countries:
        en = country.text["en"]
        blocks += [en.privacy, en.emergency, *en.section_notes.values()]
    sentences = []
    for block in blocks:
        for paragraph in paragraphs(block):
            sentences += [s for s in re.split(r"(?<=[.:?!])\s+", paragraph) if len(s) > 12]
    return sentences


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("country", [None, "GB", "US", "AU"])
def test_spanish_and_french_policies_contain_no_english_default_wording(
    db: Database, language: str, country: str | None
) -> None:
    text = policy_for(db, country, language)
    for sentence in _english_defaults():
        assert sentence not in text, f"English left in the {language} policy: {sentence!r}"
    words = set(re.findall(r"[a-z']+", text.lower()))
    english = {"the", "and", "your", "you", "we", "our", "with", "please", "this", "not"}
    assert not (words & english), f"English words in the {language} policy: {words & english}"


def test_every_label_is_translated() -> None:
    english = load_policy_wording("en")
    for language in ("es", "fr"):
        translated = load_policy_wording(language)
        assert set(translated.labels) == set(english.labels)
        assert translated.section_keys == english.section_keys
        same = [k for k in english.labels if english.labels[k] == translated.labels[k]]
        assert set(same) <= {"version", "signature", "date"}, f"{language}: {same}"


def test_the_page_footer_is_in_the_policy_language(db: Database) -> None:
    db.save_practice(PracticeProfile(name="Harbour Therapy"))
    report = render_policy(db, synthetic_catalog(), NOW, language="fr")
    assert report.document_info().page_label == "Page {page} sur {pages}"
    assert report.suggested_name.endswith("-fr")
    assert '<html lang="fr">' in report.html


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.usefixtures("qapp")  # the PDF needs Qt; a QApplication, as the UI tests do
def test_cli_prints_the_policy_in_the_chosen_language_on_the_country_paper(
    cli_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "practice", "set", "name", "Harbour Therapy")[0] == 0
    assert run(capsys, "practice", "set", "country", "us")[0] == 0
    target = tmp_path / "politica.html"
    code, out, _ = run(capsys, "report", "policy", "--language", "es", "--html", str(target))
    assert code == 0
    page = target.read_text(encoding="utf-8")
    assert "Política de redes sociales de la consulta" in page and "911" in page
    pdf = tmp_path / "policy.pdf"
    code, out, _ = run(capsys, "report", "policy", "--pdf", str(pdf))
    assert code == 0 and "US Letter" in out
    with pytest.raises(SystemExit) as usage:
        main(["report", "policy", "--language", "de", "--html", str(target)])
    assert usage.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_country_and_profession_are_set_shown_and_refused_in_one_line(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "practice", "set", "country", "UK")
    assert code == 1 and "GB" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "practice", "set", "country", "FR")
    assert code == 1 and "NZ (New Zealand)" in err
    code, _, err = run(capsys, "practice", "set", "profession", "astrologer")
    assert code == 1 and "marriage and family therapist" in err
    assert run(capsys, "practice", "set", "country", " gb ")[0] == 0
    assert run(capsys, "practice", "set", "profession", "Social Worker")[0] == 0
    code, out, _ = run(capsys, "practice", "show")
    assert code == 0
    assert re.search(r"country\s+GB \(United Kingdom\)", out)
    assert re.search(r"profession\s+social worker", out)
    db = Database.open(cli_env / "tightrope.sqlite3")
    try:
        assert db.setting("practice.country") == "GB"
        assert db.setting("practice.profession") == "social-worker"
    finally:
        db.close()
    assert run(capsys, "practice", "set", "country", "")[0] == 0
    code, out, _ = run(capsys, "practice", "show")
    assert "GB (United Kingdom)" not in out


def test_us_counsellors_are_counselors(db: Database) -> None:
    places = load_places()
    set_country(db, "US")
    profession = set_profession(db, "counsellor")
    assert profession is not None
    assert profession.label_for(places.country("US")) == "counselor"
    assert profession.label_for(places.country("IE")) == "counsellor"


def test_local_spelling_and_terms_in_the_default_wording_only(db: Database) -> None:
    us = policy_for(db, "US")
    assert "Email and text messages" in us and "e-mail" not in us.lower()
    assert "the licensing board that oversees our work" in us
    uk = policy_for(db, "GB")
    assert "E-mail and text messages" in uk
    assert "the professional body or regulator that oversees our work" in uk
    assert "licensing board" not in uk
    assert "regulatory college" in policy_for(db, "CA")
    db.save_practice(
        PracticeProfile(name="Harbour Therapy", stances={"email-text": "Please e-mail us."})
    )
    text = text_of(render_policy(db, synthetic_catalog(), NOW).html)
    assert "Please e-mail us." in text, "the practice's own wording is kept as written"
    assert "Email and text messages" not in text and "E-mail and text messages" in text


def test_every_local_change_and_note_matches_the_wording_it_changes() -> None:
    for country in load_places().countries:
        for language, local in country.text.items():
            wording = load_policy_wording(language)
            every = " ".join(
                [wording.intro, *(s.title for s in wording.sections)]
                + [o.text for s in wording.sections for o in s.options]
            )
            for phrase in local.wording_changes:
                assert phrase in every, f"{country.code}/{language}: '{phrase}' changes nothing"
            for key in local.section_notes:
                assert wording.section(key) is not None, f"{country.code}: no section {key}"


def test_a_control_character_in_a_place_is_shown_escaped_and_refused(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "practice", "set", "profession", "\x1b[31mred")
    assert code == 1 and "\x1b" not in err and "\\x1b" in err
    code, _, err = run(capsys, "practice", "set", "country", "G\nB")
    assert code == 1 and len(err.strip().splitlines()) == 1
