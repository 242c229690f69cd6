"""The severity rule of docs/CHECKLISTS.md: the same risk has the same severity everywhere.

Each row names a risk that recurs across platforms, the severity the rule gives it, and
the shipped items that deal with it. A new platform's items belong here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.checklist import Severity
from app.store.checklist_files import load_catalog

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "docs" / "CHECKLISTS.md").read_text(encoding="utf-8")

RULE: dict[str, tuple[Severity, tuple[str, ...]]] = {
    "Suggested to people through uploaded contacts, phone number or e-mail": (
        Severity.HIGH,
        (
            "fb-contact-upload",
            "ig-contacts-sync",
            "tt-sync-contacts",
            "tt-suggest-account",
            "li-synced-contacts",
            "x-synced-contacts",
            "tg-contacts-sync",
            "snap-find-friends",
            "snap-contact-sync",
            "bsky-find-friends",
            "nd-contacts-invite",
            "venmo-contact-sync",
            "cash-contacts",
            "pp-contacts",
            "ios-contacts-access",
            "and-contacts-permission",
        ),
    ),
    "Found by someone who has your phone number or e-mail": (
        Severity.HIGH,
        (
            "fb-suggest-by-contact-info",
            "x-discoverability",
            "li-discovery-email-phone",
            "sig-find-by-number",
            "tg-find-by-number",
            "snap-find-by-number",
            "pp-search-privacy",
            "cash-phone-email",
            "ios-caller-id",
            "and-caller-id",
        ),
    ),
    "Public personal profile or posts": (
        Severity.HIGH,
        (
            "fb-future-posts",
            "ig-private-account",
            "x-protect-posts",
            "tt-private-account",
            "li-public-profile",
            "th-private-profile",
            "bsky-public-account",
            "snap-public-profile",
            "venmo-default-private",
            "venmo-past-private",
        ),
    ),
    "Friends, connections, follows or subscriptions visible to others": (
        Severity.HIGH,
        (
            "fb-friends-list",
            "fb-follows-visibility",
            "li-connections-visibility",
            "tt-following-list",
            "yt-subscriptions-private",
            "bsky-public-graph",
            "venmo-friends-list",
        ),
    ),
    "Account takeover (two-factor authentication)": (
        Severity.HIGH,
        (
            "fb-two-factor",
            "ig-two-factor",
            "x-2fa",
            "li-two-step",
            "tt-two-step",
            "wa-two-step",
            "yt-google-2sv",
            "gbp-owner-2sv",
            "fbp-admin-two-factor",
            "sig-registration-lock",
            "tg-two-step",
            "bsky-two-factor",
            "snap-two-factor",
            "reddit-two-factor",
            "th-two-factor",
            "zoom-two-factor",
            "pp-2sv",
            "ga-2sv",
            "cash-sign-in-email",
        ),
    ),
    "Replying to reviews": (
        Severity.HIGH,
        (
            "gbp-review-replies",
            "pc-review-replies",
            "fbp-reviews",
            "rs-never-confirm",
        ),
    ),
    "Messages from people you do not know": (
        Severity.MEDIUM,
        (
            "fb-message-requests",
            "ig-message-requests",
            "x-message-requests",
            "tt-direct-messages",
            "li-messages",
            "bsky-chat",
            "snap-contact-me",
            "reddit-chat-requests",
            "th-messages",
        ),
    ),
    "Tags and mentions": (
        Severity.MEDIUM,
        (
            "fb-tag-review",
            "ig-tags-mentions",
            "x-photo-tagging",
            "tt-mentions",
            "li-mentions",
            "fbp-tagging",
            "th-mentions",
        ),
    ),
    "Sharing your location": (
        Severity.MEDIUM,
        (
            "ig-location-sharing",
            "x-location",
            "wa-live-location",
            "snap-ghost-mode",
            "ga-location-sharing",
            "ios-find-my",
            "and-location-sharing",
        ),
    ),
    "Old sessions, devices and connected apps": (
        Severity.MEDIUM,
        (
            "fb-login-alerts",
            "ig-login-activity",
            "x-sessions",
            "li-sessions",
            "wa-linked-devices",
            "x-connected-apps",
            "fb-apps-websites",
            "sig-linked-devices",
            "tg-sessions-passcode",
            "snap-devices",
            "bsky-app-passwords",
            "ios-safety-check",
        ),
    ),
    "Showing when you are online or have read a message": (
        Severity.LOW,
        (
            "ig-activity-status",
            "ig-read-receipts",
            "wa-last-seen-online",
            "wa-read-receipts",
            "tt-activity-status",
            "li-active-status",
            "sig-read-receipts",
            "tg-last-seen",
            "reddit-online-status",
        ),
    ),
    "The platform's own use of your data (ads, off-platform activity, AI training)": (
        Severity.LOW,
        (
            "fb-off-meta-activity",
            "fb-ad-social-interactions",
            "x-inferred-identity",
            "x-ai-training",
            "li-ai-training",
            "ga-ad-personalisation",
            "pp-personalized-shopping",
            "ga-activity-auto-delete",
            "venmo-location",
        ),
    ),
}


@pytest.fixture(scope="module")
def severities() -> dict[str, Severity]:
    catalog = load_catalog(REPO / "checklists")
    return {
        item.id: item.severity
        for checklist in catalog.checklists.values()
        for item in checklist.items
    }


@pytest.mark.parametrize("risk", sorted(RULE))
def test_the_same_risk_has_the_same_severity_everywhere(
    risk: str, severities: dict[str, Severity]
) -> None:
    expected, item_ids = RULE[risk]
    missing = [i for i in item_ids if i not in severities]
    assert not missing, f"{risk}: no such shipped item {missing}; update the rule's table"
    wrong = {i: severities[i].value for i in item_ids if severities[i] is not expected}
    assert not wrong, f"{risk}: the rule says {expected.value}, but {wrong}"


@pytest.mark.parametrize("risk", sorted(RULE))
def test_the_rule_in_the_docs_names_the_same_risks(risk: str) -> None:
    expected, _ = RULE[risk]
    assert f"| {risk} | {expected.value} |" in DOC, f"docs/CHECKLISTS.md lacks the row for {risk}"
