"""Long output through a pager, as git does it: only when stdout is a
terminal and the text is taller than the screen; `$CLOSENESS_PAGER`, else
`$PAGER`, else `less -FRX` (LESS=FRX when unset, so less keeps the colours,
quits at once when it all fits, and leaves the text on the screen). An empty
value or `cat` means no pager; so does --no-pager. A pager that cannot be
started leaves the text printed as it would have been.

Rich's console.pager() goes through pydoc, which reads neither
CLOSENESS_PAGER nor a default of `less -R`, and drops the styles unless told
otherwise: here the text is captured, styles and all, then given to the pager.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_PAGER = "less -FRX"
OFF = ("", "cat")


def pager_command() -> str | None:
    """The pager the environment asks for, or None for none."""
    for variable in ("CLOSENESS_PAGER", "PAGER"):
        value = os.environ.get(variable)
        if value is not None:
            value = value.strip()
            return None if value in OFF else value
    return DEFAULT_PAGER


@contextlib.contextmanager
def paging(console: Console, *, enabled: bool = True) -> Iterator[None]:
    """What `console` prints inside the block goes through the pager when it
    should (see the module); otherwise it is printed as usual."""
    command = pager_command() if enabled and _stdout_is_terminal() else None
    if command is None:
        yield
        return
    console.begin_capture()
    try:
        yield
    finally:
        text = console.end_capture()
    if text.count("\n") < console.height or not _page(command, text):
        sys.stdout.write(text)
        sys.stdout.flush()


def _stdout_is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _is_assignment(word: str) -> bool:
    name, equals, _ = word.partition("=")
    return bool(equals) and _NAME.fullmatch(name) is not None


def _page(command: str, text: str) -> bool:
    """Give `text` to the pager; False when it could not be started (then
    nothing of it was shown)."""
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    # The shell runs it, so `LESS=-R less` is a pager too: its program is
    # the first word that is not an assignment.
    program = next((w for w in words if not _is_assignment(w)), "")
    if not program:
        return False
    if shutil.which(program) is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    # Ctrl-C is for the pager (less: stop a search), not for us while it runs.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert pager.stdin is not None
        with contextlib.suppress(OSError):  # the reader quit early (q in less)
            pager.stdin.write(text.encode(_encoding(), errors=_errors()))
            pager.stdin.close()
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def _encoding() -> str:
    return getattr(sys.stdout, "encoding", None) or "utf-8"


def _errors() -> str:
    """What stdout does with a character its encoding lacks (cli/output.py
    registers the plain fallbacks); "replace" without it."""
    import codecs

    errors = getattr(sys.stdout, "errors", None) or "replace"
    try:
        codecs.lookup_error(errors)
    except LookupError:
        return "replace"
    return errors
