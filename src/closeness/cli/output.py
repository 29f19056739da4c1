"""What the commands share at the terminal: the wording, the asker, paths
as typed, and lines written to stdout and stderr. User text is data: what
a line quotes has its control characters made visible.

The standard streams of a run (`Delivery`) never raise: a reader that left,
a closed descriptor or a full disk is recorded, and main.py decides at the
end what it means for the exit code (docs/exit-codes.md, "Output that
cannot be delivered")."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

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
    """A line on stdout, styled (bold=True, fg="green", …) and wrapped at
    words to the width of a terminal."""
    from closeness.ui.style import styled

    if sys.stdout is not None and sys.stdout.isatty():
        message = _wrapped(message)
    typer.echo(styled(message, **style))


def _wrapped(message: str) -> str:
    """Long lines broken between words, as a terminal would break them in
    the middle of one (a path or a URL longer than a line stays whole)."""
    import shutil
    import textwrap

    width = max(shutil.get_terminal_size().columns - 1, 20)
    if all(len(line) <= width for line in message.splitlines()):
        return message
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) or line
        for line in message.splitlines()
    )


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
    """Output that is data (an export, `--json`): into a pipe or a file it is
    written as UTF-8 exactly, whatever the locale, since it is read back by
    programs; on a terminal its control characters are made visible (they are
    data, not instructions) and the terminal shows what it can."""
    if sys.stdout.isatty():
        from closeness.core.terminal_text import printable

        sys.stdout.write(printable(text.replace("\r\n", "\n")))  # CSV's line ends are not data
        sys.stdout.flush()
    else:
        print_bytes(text.encode("utf-8"))


def print_bytes(data: bytes) -> None:
    """Binary output on stdout (a pipe: a terminal is refused before)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


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


# -- the standard streams of a run ---------------------------------------------


class Delivery(io.RawIOBase):
    """A standard stream's descriptor, written without ever raising. The
    first failure is recorded and the rest of the output dropped: a reader
    that left (`| head`), a descriptor closed before the run (`>&-`, None
    here), or one that cannot take more (`>/dev/full`)."""

    def __init__(self, fd: int | None, name: str) -> None:
        super().__init__()
        self.fd, self.name = fd, name
        self.reader_left = False
        self.failure: str | None = None  # why output was lost, said after the run

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        if self.fd is None:
            raise io.UnsupportedOperation("the stream was closed before the run")
        return self.fd

    def isatty(self) -> bool:
        return self.fd is not None and os.isatty(self.fd)

    def write(self, data: Any) -> int:
        size = memoryview(data).nbytes
        if not size or self.reader_left or self.failure:
            return size
        if self.fd is None:
            self.failure = f"{self.name} is closed"
            return size
        while True:
            try:
                return os.write(self.fd, data)
            except BlockingIOError:  # left non-blocking by another program: wait
                import select

                select.select([], [self.fd], [])
                continue
            except BrokenPipeError:
                self.reader_left = True
            except OSError as exc:
                self.failure = exc.strerror or str(exc)
            return size


class Streams:
    """stdout and stderr for one run of main(): each real descriptor (or a
    closed one) behind a `Delivery`, encoded for what the terminal can show.
    Streams that are not descriptors (a test capturing output) are kept."""

    def __init__(self) -> None:
        self.saved = False
        self._kept = (sys.stdout, sys.stderr)
        _hold_closed_descriptors()
        import codecs

        codecs.register_error(PLAIN_ERRORS, _plain)
        self.out = _install("stdout", 1)
        self.err = _install("stderr", 2)

    def flush(self) -> None:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()

    def restore(self) -> None:
        self.flush()
        sys.stdout, sys.stderr = self._kept


PLAIN_ERRORS = "closeness.plain"
_current: Streams | None = None


def open_streams() -> Streams:
    global _current
    _current = Streams()
    return _current


def saved() -> None:
    """Say that this run's write has committed: from here on, output that
    cannot be delivered no longer makes the command fail."""
    if _current is not None:
        _current.saved = True


def _install(name: str, fd: int) -> Delivery | None:
    stream: TextIO | None = getattr(sys, name)
    encoding, line_buffering, write_through = "utf-8", False, False
    if stream is None:  # closed when Python started
        delivery = Delivery(None, name)
    else:
        try:
            real_fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            return None
        if sys.platform == "win32" or real_fd != fd:
            return None  # a console of its own, or not the process's stream
        with contextlib.suppress(OSError):
            stream.flush()
        delivery = Delivery(real_fd, name)
        encoding = stream.encoding or encoding
        line_buffering = bool(stream.line_buffering)
        write_through = bool(getattr(stream, "write_through", False))
    wrapper = io.TextIOWrapper(
        io.BufferedWriter(delivery),
        encoding=encoding,
        errors=PLAIN_ERRORS,
        newline="\n",
        line_buffering=line_buffering,
        write_through=write_through,
    )
    setattr(sys, name, wrapper)
    return delivery


def _hold_closed_descriptors() -> None:
    """A standard descriptor closed before the run gets /dev/null, so that
    no file opened during the run (an export, a temp file) takes its number
    and receives what is meant for the terminal."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


# What a terminal that is not UTF-8 (Latin-1, ASCII) shows for the
# characters of closeness's own wording and drawings; anything else it
# cannot show is "?".
_PLAIN = {
    "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "…": "...", "–": "-", "—": "-",
    "−": "-", "·": "-", "•": "*", "→": "->", "←": "<-", "↑": "^", "↓": "v",
    "■": "#", "□": ".", "█": "#", "▄": "_", "─": "-", "│": "|", "┤": "|", "└": "+",
}  # fmt: skip


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import unicodedata

    shown = []
    for ch in error.object[error.start : error.end]:
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        for candidate in (_PLAIN.get(ch), bare):
            if candidate and candidate.isprintable():
                try:
                    candidate.encode(error.encoding)
                except UnicodeError:
                    continue
                shown.append(candidate)
                break
        else:
            shown.append("?")
    return "".join(shown), error.end
