"""The envelope shared by practice packs and attestations: one JSON file, signed.

```
{"format": "tightrope-practice-pack", "format_version": 1,
 "public_key": "<64 hex: the signer's Ed25519 public key>",
 "signature": "<128 hex: Ed25519 signature of canonical(content)>",
 "content": {...}}
```

The signature covers the *canonical* bytes of `content` (keys sorted, no spaces, ASCII
only), so the file may be re-indented without breaking it, while any change to a value,
a key or the structure does. Checking the signature itself needs the `cryptography`
package and lives in `app.services.signing`; here is only what can be said without it.
Everything is pure: the bytes come in, a model or a `SignedFileError` comes out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "SignedDocument",
    "SignedFileError",
    "canonical",
    "envelope_bytes",
    "fingerprint",
    "normalise_fingerprint",
    "parse_envelope",
]

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
FINGERPRINT_HEX = 32
"""Hex digits shown of a key's SHA-256: 128 bits, in eight groups of four."""


class SignedFileError(ValueError):
    """A file that cannot be used; `str()` is one line saying why. Nothing was changed."""


@dataclass(frozen=True)
class SignedDocument:
    kind: str
    format_version: int
    public_key: bytes
    signature: bytes
    content: Mapping[str, Any]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def canonical(content: Mapping[str, Any]) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, ASCII, no floats."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def envelope_bytes(
    kind: str, format_version: int, public_key: bytes, signature: bytes, content: Mapping[str, Any]
) -> bytes:
    """The whole file as written: indented for a person to read, ASCII only."""
    document = {
        "format": kind,
        "format_version": format_version,
        "public_key": public_key.hex(),
        "signature": signature.hex(),
        "content": content,
    }
    text = json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True, allow_nan=False)
    return (text + "\n").encode("ascii")


def fingerprint(public_key: bytes) -> str:
    """What a person compares by eye or over the phone: `3f2a 91bc … 07de`."""
    import hashlib

    digest = hashlib.sha256(public_key).hexdigest()[:FINGERPRINT_HEX]
    return " ".join(digest[i : i + 4] for i in range(0, FINGERPRINT_HEX, 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint typed by a person (any case, spaces, colons or dashes) in the shown
    form; SignedFileError when it cannot be one."""
    digits = re.sub(r"[\s:-]", "", text).lower()
    if not re.fullmatch(rf"[0-9a-f]{{{FINGERPRINT_HEX}}}", digits):
        raise SignedFileError(
            f"'{text[:80]}' is not a key fingerprint; it has {FINGERPRINT_HEX} hex digits "
            "in groups of four, as `tightrope practice pack import` shows it"
        )
    return " ".join(digits[i : i + 4] for i in range(0, FINGERPRINT_HEX, 4))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise SignedFileError(f"the field '{key[:40]}' appears twice")
        found[key] = value
    return found


def _refuse_constant(name: str) -> Any:
    raise SignedFileError(f"it holds {name}, which Tightrope never writes")


def parse_envelope(data: bytes, kind: str, supported: int, what: str) -> SignedDocument:
    """The envelope of a `kind` file, its shape checked (not yet its signature).

    `what` names the file for messages ("a practice pack"). A file from a newer format
    than `supported` is refused with advice to update, before its content is looked at.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SignedFileError(f"this is not {what}: it is not text") from None
    if not text.strip():
        raise SignedFileError(f"the file is empty; it is not {what}")
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except SignedFileError as exc:
        raise SignedFileError(f"this is not {what} as Tightrope writes it: {exc}") from None
    except RecursionError:
        raise SignedFileError(f"this is not {what}: it is nested too deeply") from None
    except ValueError:
        raise SignedFileError(
            f"this is not a whole {what.removeprefix('a ').removeprefix('an ')}: the file is "
            "cut short or damaged (copy it again from where it was shared)"
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != kind:
        raise SignedFileError(f"this is not {what} (it is some other file)")
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SignedFileError(f"{what} without a valid format_version; it is damaged")
    if version > supported:
        raise SignedFileError(
            f"this {what.removeprefix('a ').removeprefix('an ')} was made by a newer Tightrope "
            f"(format {version}; this one reads up to {supported}): update Tightrope to read it"
        )
    key, signature, content = raw.get("public_key"), raw.get("signature"), raw.get("content")
    if not isinstance(key, str) or not _HEX64.fullmatch(key):
        raise SignedFileError(f"{what} whose public key is missing or damaged")
    if not isinstance(signature, str) or not _HEX128.fullmatch(signature):
        raise SignedFileError(f"{what} whose signature is missing or damaged")
    if not isinstance(content, dict):
        raise SignedFileError(f"{what} with no content")
    return SignedDocument(kind, version, bytes.fromhex(key), bytes.fromhex(signature), content)
