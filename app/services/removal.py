"""Deleting an account for good, for the window and the command line.

Two cases, nothing else: an account with no answers and no reviews (added by mistake)
can be deleted at once; an archived account can be deleted together with its whole
history after a clear warning. An active account with history can only be archived.
The account's private details go from the keyring first, so a later account that
happens to get the same number never inherits them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from app.domain.personas import SecretField
from app.services.secrets import SecretStore
from app.store.database import Database
from app.store.deletion import delete_unused_account, history_counts, purge_archived_account

log = logging.getLogger("tightrope.removal")


class DeleteKind(StrEnum):
    UNUSED = "unused"
    """No answers and no reviews: deleted at once."""
    WITH_HISTORY = "with-history"
    """Archived, with history: deleted together with it, after a warning."""
    REFUSED = "refused"
    """Active, with history: archive it first."""


@dataclass(frozen=True)
class DeletePlan:
    account_id: int
    handle: str
    kind: DeleteKind
    answers: int
    reviews: int

    @property
    def warning(self) -> str:
        """What the user must agree to, in plain words."""
        if self.kind is DeleteKind.UNUSED:
            return (
                f"Delete {self.handle}? It has no answers or reviews yet, so nothing else "
                "is lost. This cannot be undone."
            )
        if self.kind is DeleteKind.WITH_HISTORY:
            return (
                f"Delete {self.handle} and its whole history for good? Its {self.answers} "
                f"answer{'s' if self.answers != 1 else ''} and {self.reviews} review "
                f"record{'s' if self.reviews != 1 else ''} go too, and it will no longer "
                "appear in any audit summary. Its private details are removed from the "
                "keyring. This cannot be undone; backups made before today still hold it "
                "until they are replaced."
            )
        return (
            f"{self.handle} has answers in its history, so it cannot be deleted while in "
            "use. Archive it first (Accounts > Archive account); an archived account can "
            "then be deleted with its history from File > Restore archived…"
        )


class DeleteRefused(Exception):
    """The account cannot be deleted as it is; the message says what to do."""


def plan_delete(db: Database, account_id: int) -> DeletePlan:
    account = db.account(account_id)
    answers, reviews = history_counts(db, account_id)
    archived = account_id in db.archived_account_ids()
    if not answers and not reviews:
        kind = DeleteKind.UNUSED
    elif archived:
        kind = DeleteKind.WITH_HISTORY
    else:
        kind = DeleteKind.REFUSED
    return DeletePlan(account_id, account.handle, kind, answers, reviews)


def delete_account(db: Database, vault: SecretStore | None, plan: DeletePlan) -> None:
    """Carry out `plan` (from `plan_delete`, confirmed by the user). Keyring calls can be
    slow: the window runs this on a worker thread."""
    if plan.kind is DeleteKind.REFUSED:
        raise DeleteRefused(plan.warning)
    keyring_works = vault is not None and vault.status().available
    if vault is not None and keyring_works:
        for field in SecretField:
            vault.delete(plan.account_id, field)
    elif any(account == plan.account_id for account, _field in db.fingerprints()):
        raise DeleteRefused(
            f"{plan.handle} has private details in the keyring, and the keyring is not "
            "available now. Unlock it (or start Tightrope where it works) and delete again, "
            "so the details go too."
        )
    if plan.kind is DeleteKind.UNUSED:
        delete_unused_account(db, plan.account_id)
        log.info("deleted unused account %s", plan.account_id)
        return
    purged = purge_archived_account(db, plan.account_id)
    log.warning(
        "deleted archived account %s with its history (%s answers, %s reviews) at the "
        "user's request",
        purged.account_id,
        purged.answers,
        purged.reviews,
    )
