"""Text that is safe to keep and to show: no terminal control codes, no bidi overrides.

A handle, a name or a note can arrive from the command line, the window, an imported file
or a checklist file. Control characters there could clear or recolour a terminal when
the text is printed, and right-to-left overrides (U+202E and friends) make `moc.elpmaxe`
look like `example.com`, so a spoofed handle could pass for a real one. They are refused
at every entry (`check_one_line`, `check_multi_line`), and anything already stored is
printed through `printable`, which shows such characters as visible escapes.
"""

from __future__ import annotations

import unicodedata

__all__ = ["UnsafeTextError", "check_multi_line", "check_one_line", "printable", "unsafe_char"]

_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u061c"  # Arabic letter mark, used in the same spoofing
)
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")


class UnsafeTextError(ValueError):
    """Text with a character Tightrope will not keep; `str()` names it and where."""


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    if char == "\n":
        return "a line break"
    if char == "\x00":
        return "a NUL character (U+0000)"
    if char == "\x1b":
        return "a terminal escape character (U+001B)"
    if char in _BIDI_CONTROLS:
        return f"a right-to-left control character ({code}{' ' + name if name else ''})"
    return f"a control character ({code}{' ' + name if name else ''})"


def unsafe_char(text: str, *, allow_line_breaks: bool) -> str | None:
    """The first character of `text` that may not be kept, or None."""
    for char in text:
        if char in _BIDI_CONTROLS:
            return char
        if char in _LINE_BREAKS:
            if allow_line_breaks and char in "\n\r":
                continue
            return char
        if char == "\t" and allow_line_breaks:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs"):
            return char
    return None


def check_one_line(value: str, what: str) -> str:
    """`value` unchanged if it is one line of safe text; UnsafeTextError otherwise."""
    bad = unsafe_char(value, allow_line_breaks=False)
    if bad is not None:
        hint = " (it must be one line)" if bad in _LINE_BREAKS else ""
        raise UnsafeTextError(f"{what} contains {_describe(bad)}{hint}; remove it and try again")
    return value


def check_multi_line(value: str, what: str) -> str:
    """`value` unchanged if it holds only safe text (line breaks and tabs allowed)."""
    bad = unsafe_char(value, allow_line_breaks=True)
    if bad is not None:
        raise UnsafeTextError(f"{what} contains {_describe(bad)}; remove it and try again")
    return value


def printable(text: str, *, keep_line_breaks: bool = False) -> str:
    """`text` with every control or bidi character shown as a visible escape (\\x1b,
    \\u202e), so printing stored text can never act on the terminal."""
    if unsafe_char(text, allow_line_breaks=keep_line_breaks) is None:
        return text
    out: list[str] = []
    for char in text:
        if keep_line_breaks and char in "\n\t":
            out.append(char)
        elif unsafe_char(char, allow_line_breaks=False) is not None or char == "\t":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
