"""Ed25519 signatures for practice packs and attestations, through `cryptography`.

`cryptography` (the Python Cryptographic Authority's package) is the standard, audited,
well-kept library for this; Tightrope uses only its Ed25519 primitive. The private key is
32 random bytes kept in the signer's keyring (`Vault.signing_seed`); the public key
travels in every file the key signs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from app.domain.signed_file import SignedDocument, SignedFileError, canonical, envelope_bytes


class SeedSource(Protocol):
    def signing_seed(self, purpose: str) -> bytes: ...


def public_key_of(seed: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(seed)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign_document(seed: bytes, kind: str, format_version: int, content: Mapping[str, Any]) -> bytes:
    """The whole signed file for `content`."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(seed)
    signature = key.sign(canonical(content))
    return envelope_bytes(kind, format_version, public_key_of(seed), signature, content)


def verify_document(document: SignedDocument, what: str) -> None:
    """SignedFileError unless the signature matches the content and the key in the file."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(document.public_key)
        key.verify(document.signature, canonical(document.content))
    except (InvalidSignature, ValueError):
        raise SignedFileError(
            f"the signature of this {what} does not match its content: it was changed "
            "after it was signed, or damaged on the way. Ask for a fresh copy"
        ) from None
