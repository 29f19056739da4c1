"""Bold, dim and colour for plain lines, only where a terminal shows them
(never into a pipe or a file, and never with NO_COLOR set)."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer


def styled(text: str, **style: Any) -> str:
    """`text` with `typer.style` options (bold=True, fg="green", …) applied
    when stdout is a terminal that wants colour."""
    if not any(style.values()) or os.environ.get("NO_COLOR") or not _is_tty():
        return text
    return typer.style(text, **style)


def _is_tty() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()
