"""Separation warnings for the live accounts: for `tightrope warnings` and the dashboard."""

from __future__ import annotations

from datetime import datetime, tzinfo

from app.domain.catalog import Catalog
from app.domain.separation import AccountFacts, SeparationWarning, separation_warnings
from app.services.status import account_overviews
from app.store.database import Database


def current_warnings(
    db: Database,
    catalog: Catalog,
    now: datetime,
    *,
    keyring_available: bool,
    tz: tzinfo | None = None,
) -> list[SeparationWarning]:
    """The warnings for every live account, the most severe first.

    Login e-mails and phones are compared by the hashes kept in the database, so a locked
    keyring does not stop the comparison; only when there is no keyring and no hash was
    ever stored is the comparison skipped, and a warning says so.
    """
    overviews = account_overviews(db, catalog, now, tz)
    facts = [AccountFacts(o.account, o.persona, o.checklist, o.statuses) for o in overviews]
    fingerprints = db.fingerprints()
    compared = fingerprints if (fingerprints or keyring_available) else None
    return separation_warnings(facts, compared)
