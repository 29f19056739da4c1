"""What the commands share at the terminal: the wording, the asker, paths
as typed, and lines written to stdout and stderr. User text is data: what
a line quotes has its control characters made visible."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer

from closeness.core.errors import ClosenessError, UsageProblem

if TYPE_CHECKING:
    import datetime as dt

    from closeness.core.prompts import Prompts
    from closeness.ui.ask import Asker


def load_prompts() -> Prompts:
    from closeness.core.prompts import load_prompts

    return load_prompts()


def asker(prompts: Prompts) -> Asker:
    from closeness.ui.ask import Asker

    return Asker(prompts)


def is_terminal() -> bool:
    # A descriptor closed when Python started (`<&-`, `>&-`) is None here.
    stdin, stdout = sys.stdin, sys.stdout
    return stdin is not None and stdout is not None and stdin.isatty() and stdout.isatty()


def require_terminal(hint: str) -> None:
    if not is_terminal():
        raise UsageProblem("No terminal to ask in:", hint=hint)


def say(message: str, **style: object) -> None:
    """A line on stdout, styled (bold=True, fg="green", …) on a terminal."""
    from closeness.ui.style import styled

    typer.echo(styled(message, **style))


def say_note(message: str) -> None:
    """A side remark on stderr, so stdout stays the output itself."""
    typer.echo(quotable(message), err=True)


def say_error(message: str) -> None:
    """Every failure line goes through here. It may quote what was typed (an
    unknown option, a path), so control characters are made visible."""
    say_note(f"closeness: {message}")


# A line on stderr may quote anything typed. Paths (a name is at most 255
# bytes, a usual path well under RUN_MAX) stay whole; a longer run of
# characters without a space keeps its start and end, and a line its start
# and its last words (often the hint).
RUN_MAX, RUN_HEAD, RUN_TAIL = 500, 300, 100
LINE_MAX, LINE_HEAD, LINE_TAIL = 2000, 1500, 400


def quotable(message: str) -> str:
    """`message` as one readable line: control characters and invisible ones
    (zero-width, bidi, other non-printing characters) shown as escapes, and
    overlong runs cut with "…"."""
    from closeness.core.terminal_text import printable

    line = printable(message, one_line=True)
    if not line.isprintable():
        line = "".join(_visible(ch) for ch in line)
    if len(line) > RUN_MAX:
        line = " ".join(_cut(run, RUN_MAX, RUN_HEAD, RUN_TAIL) for run in line.split(" "))
    return _cut(line, LINE_MAX, LINE_HEAD, LINE_TAIL)


def _visible(ch: str) -> str:
    # isprintable() is false for the non-printing categories (Cc, Cf, Cs, Co,
    # Cn, Zl, Zp) and for spaces other than " ", which stay as they are.
    if ch.isprintable() or ch.isspace():
        return ch
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _cut(text: str, limit: int, head: int, tail: int) -> str:
    return text if len(text) <= limit else f"{text[:head]}…{text[-tail:]}"


def printable_name(name: str) -> str:
    from closeness.core.terminal_text import printable

    return printable(name, one_line=True)


def print_raw(text: str) -> None:
    """Output on stdout as it is, unless stdout is a terminal: then its
    control characters are made visible (they are data, not instructions)."""
    if sys.stdout.isatty():
        from closeness.core.terminal_text import printable

        text = printable(text.replace("\r\n", "\n"))  # CSV's line ends are not data
    _write(lambda: sys.stdout.write(text), sys.stdout)


def print_bytes(data: bytes) -> None:
    """Binary output on stdout (a pipe: a terminal is refused before)."""
    sys.stdout.flush()
    _write(lambda: sys.stdout.buffer.write(data), sys.stdout.buffer)


def _write(write: Callable[[], object], stream: IO[Any]) -> None:
    try:
        write()
        stream.flush()
    except BrokenPipeError:
        # `closeness export | head`: the reader left; that is not a failure.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def output_path(value: str, option: str) -> Path:
    if not value.strip():
        raise UsageProblem(f"{option} needs a file name.")
    return user_path(value, option)


def user_path(value: str, what: str) -> Path:
    try:
        return Path(value).expanduser()
    except RuntimeError:  # "~someone" who does not exist
        raise UsageProblem(f"{what}: cannot find the home folder in {value!r}.") from None


def existing_file(value: str) -> Path:
    """FILE must exist: a missing one is a usage error (exit 2) by the contract."""
    if not value.strip():
        raise UsageProblem("FILE needs a file name.")
    path = user_path(value, "FILE")
    try:
        found = path.exists()
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise UsageProblem(f"{value}: {exc.strerror or exc}.") from None
    if not found:
        raise UsageProblem(f"{value}: no such file.")
    return path


def no_entry(person: str, day: dt.date) -> ClosenessError:
    return ClosenessError(
        f"No check-in for {person} on {day.isoformat()}.", hint="See `closeness log`."
    )
