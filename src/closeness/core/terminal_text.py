"""Make user text safe to print: it is data, never instructions to the terminal.

An answer could hold an escape sequence (pasted or typed with Ctrl-V) that
would recolour, move the cursor or retitle the window. Control characters
are shown as visible symbols instead; newlines and tabs in notes are kept.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080–U+009F,
# which some terminals read as escape sequences too).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# Bidirectional overrides can make text display in a misleading order.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with control characters made visible; `one_line` also folds
    newlines and tabs into spaces (for lists and table cells)."""
    if one_line:
        text = " ".join(text.split())
    text = _CONTROL.sub(_visible, text)
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
