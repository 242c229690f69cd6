"""The registry of codes and law, and the order in which a clinician sees them (issue 19)."""

from __future__ import annotations

import copy
import html
import re
import tomllib
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import pytest

from app.domain.codes import CodesDataError, order_references, parse_codes, rank_codes
from app.domain.practice import PracticeProfile
from app.reports.documents import render_audit
from app.reports.wording import CODES_FILE, load_codes, load_places
from app.services.place import set_country, set_profession
from app.store.database import Database
from tests.test_reports_fixture import synthetic_catalog

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def raw_codes() -> dict[str, Any]:
    text = resources.files("app.reports").joinpath(CODES_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_every_code_has_an_address_a_check_date_and_a_source() -> None:
    registry = load_codes()
    assert len(registry.codes) >= 25
    for code in registry.codes:
        assert code.url.startswith("https://"), code.id
        assert date(2026, 11, 1) <= code.checked <= date(2026, 12, 1), code.id
        assert code.source and code.publisher and code.version, code.id


def test_the_registry_covers_every_country_and_the_named_bodies() -> None:
    registry = load_codes()
    publishers = " ".join(c.publisher for c in registry.codes)
    for body in (
        "American Counseling Association",
        "American Psychological Association",
        "National Association of Social Workers",
        "American Association for Marriage and Family Therapy",
        "ASPPB",
        "British Association for Counselling and Psychotherapy",
        "UK Council for Psychotherapy",
        "Health and Care Professions Council",
        "Information Commissioner's Office",
        "Canadian Counselling and Psychotherapy Association",
        "Canadian Psychological Association",
        "Canadian Association of Social Workers",
        "Ontario College of Social Workers",
        "Ahpra",
        "Psychology Board of Australia",
        "Psychotherapy and Counselling Federation of Australia",
        "Australian Counselling Association",
        "New Zealand Association of Counsellors",
        "New Zealand Psychologists Board",
        "Psychological Society of Ireland",
        "Irish Association for Counselling and Psychotherapy",
        "CORU",
    ):
        assert body in publishers, body
    for country in load_places().country_codes:
        laws = [c for c in registry.codes if country in c.countries and not c.professions]
        assert laws, f"no privacy law for {country}"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(url="http://example.org"), "https address"),
        (lambda c: c.pop("checked"), "'checked' must be a date"),
        (lambda c: c.update(professions=["astrologer"]), "unknown professions"),
        (lambda c: c.update(countries=["gb"]), "'countries' must list"),
        (lambda c: c.update(verified="secondary", note=""), "needs a 'note'"),
        (lambda c: c.update(kind="rumour"), "'kind' must be one of"),
    ],
)
def test_a_broken_entry_is_refused_with_its_name(change: Any, message: str) -> None:
    raw = copy.deepcopy(raw_codes())
    change(raw["codes"][0])
    with pytest.raises(CodesDataError, match=message) as error:
        parse_codes(raw, CODES_FILE, load_places().profession_ids)
    assert "aca-2014" in str(error.value) or "codes[0]" in str(error.value)


def test_a_uk_counsellor_reads_bacp_first_and_the_law_after() -> None:
    ranked = rank_codes(load_codes(), "GB", "counsellor")
    ids = [c.id for c in ranked.binding]
    assert ids[0] == "bacp-ethical-framework"
    assert ids[-1] == "uk-gdpr"
    assert "aca-2014" not in ids and "hcpc-standards" not in ids
    further = [c.id for c in ranked.further]
    assert further[0] == "hcpc-standards", "the same country's other codes come first"
    assert "aca-2014" in further


def test_who_is_bound_by_what() -> None:
    registry = load_codes()

    def binding(country: str, profession: str) -> set[str]:
        return {c.id for c in rank_codes(registry, country, profession).binding}

    assert {"asppb-social-media", "apa-ethics-code", "hipaa"} <= binding("US", "psychologist")
    assert "aamft-code" in binding("US", "marriage-and-family-therapist")
    assert {"ahpra-advertising", "psyba-code-of-conduct", "au-privacy-act"} <= binding(
        "AU", "psychologist"
    )
    assert {"casw-code", "ocswssw-online-footprint", "pipeda"} <= binding("CA", "social-worker")
    assert {"nzac-code", "nz-privacy-act"} <= binding("NZ", "counsellor")
    assert {"iacp-code", "ie-gdpr"} <= binding("IE", "psychotherapist")
    assert binding("GB", "psychiatrist") == {"uk-gdpr"}
    nothing = rank_codes(registry, None, None)
    assert nothing.binding == () and len(nothing.further) == len(registry.codes)


def test_checklist_references_are_ordered_for_the_user() -> None:
    refs = [
        ("ACA Code of Ethics (2014), H.6.a Virtual Professional Presence", None),
        ("Meta Safety Centre: Secure your account", "https://example.org/meta"),
        ("BACP Ethical Framework for the Counselling Professions (2018), Good practice 33", None),
        ("APA Ethical Principles and Code of Conduct, 4.01 Maintaining confidentiality", None),
    ]
    ordered = order_references(refs, load_codes(), "GB", "counsellor")
    assert [r.title[:4] for r in ordered] == ["BACP", "Meta", "ACA ", "APA "]
    assert ordered[0].binding and not ordered[1].further and ordered[2].further
    us = order_references(refs, load_codes(), "US", "counsellor")
    assert us[0].title.startswith("ACA") and us[0].binding
    unchanged = order_references(refs, load_codes(), None, None)
    assert [r.title for r in unchanged] == [t for t, _ in refs]
    assert not any(r.further for r in unchanged)


def audit_text(db: Database) -> str:
    page = render_audit(db, synthetic_catalog(), NOW, warnings=()).html
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_audit_of_a_uk_counsellor_lists_bacp_before_the_rest(db: Database) -> None:
    db.save_practice(PracticeProfile(name="Harbour Therapy"))
    set_country(db, "GB")
    set_profession(db, "counsellor")
    text = audit_text(db)
    block = text.split("Codes and law for this practice", 1)[1]
    assert block.startswith(" For a counsellor in the United Kingdom")
    bacp = block.index("BACP Ethical Framework")
    for other in ("UKCP Code", "UK GDPR", "HCPC", "ACA Code of Ethics", "NASW Code"):
        assert bacp < block.index(other), other
    assert block.index("UK GDPR") < block.index("Further reading") < block.index("ACA Code")


def test_the_audit_without_a_country_says_how_to_choose(db: Database) -> None:
    db.save_practice(PracticeProfile(name="Harbour Therapy"))
    text = audit_text(db)
    assert "No country or profession is chosen" in text
    assert "tightrope practice set country" in text


def test_a_broken_countries_file_is_refused_with_the_country_named() -> None:
    from app.domain.jurisdiction import JurisdictionDataError, parse_places
    from app.reports.wording import COUNTRIES_FILE

    text = resources.files("app.reports").joinpath(COUNTRIES_FILE).read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    broken = copy.deepcopy(raw)
    del broken["countries"][1]["text"]["fr"]
    with pytest.raises(JurisdictionDataError, match="country GB: 'text' must have exactly"):
        parse_places(broken, COUNTRIES_FILE)
    broken = copy.deepcopy(raw)
    broken["countries"][0]["code"] = "USA"
    with pytest.raises(JurisdictionDataError, match="two capital letters"):
        parse_places(broken, COUNTRIES_FILE)
    broken = copy.deepcopy(raw)
    broken["countries"][0]["sources"] = ["http://example.org"]
    with pytest.raises(JurisdictionDataError, match="https"):
        parse_places(broken, COUNTRIES_FILE)
