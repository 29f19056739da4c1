"""The one exit point: run the app, and turn every failure into a one-line
message and an exit code (0 ok, 1 runtime, 2 usage, 130 cancelled).
Heavy modules are imported inside the commands that use them, so
`closeness --help` stays instant. The console script starts in
cli/entry.py, which catches a Ctrl-C that comes before this module is
even imported."""

from __future__ import annotations

import contextlib
import os
import sys

from closeness.cli import status
from closeness.cli.app import app_for
from closeness.cli.output import Streams, load_prompts, open_streams, say_error
from closeness.core.errors import ClosenessError

DEBUG_ENV = "CLOSENESS_DEBUG"
COMPLETE_ENV = "_CLOSENESS_COMPLETE"  # as cli/completion.py, imported only when completing


def main(argv: list[str] | None = None) -> int:
    """Every failure becomes a one-line message and an exit code; a
    traceback only with CLOSENESS_DEBUG=1."""
    # Everything written (and any folder created) is private to the user.
    os.umask(0o077)
    args = sys.argv[1:] if argv is None else argv
    if status.is_quick(args):  # as cli/entry.py routes it, for in-process runs
        return status.main(args[1:])
    streams = open_streams()
    try:
        code = _run(args)
        return _delivered(code, streams)
    except KeyboardInterrupt:
        return interrupted()
    finally:
        streams.restore()


def _run(args: list[str]) -> int:
    if COMPLETE_ENV in os.environ:  # the shell asking for completions
        from closeness.cli.completion import complete

        return complete(args)
    try:
        result = app_for(args)(args=args, prog_name="closeness", standalone_mode=False)
    except ClosenessError as exc:
        say_error(f"{exc.message} {exc.hint}" if exc.hint else exc.message)
        return exc.exit_code
    except Exception as exc:
        code = _click_failure(exc)
        if code is not None:
            return code
        if os.environ.get(DEBUG_ENV):
            raise
        say_error(
            f"unexpected error ({type(exc).__name__}: {exc}). Set {DEBUG_ENV}=1 to see the details."
        )
        return 1
    if result == 130:
        # Ctrl-C outside a question (say, while waiting for a busy database):
        # Typer turns it into a silent exit 130. Every write is one
        # transaction, so it happened in full or not at all.
        return interrupted()
    return result if isinstance(result, int) else 0


def _delivered(code: int, streams: Streams) -> int:
    """The exit code once the output is out (docs/exit-codes.md): it reports
    what happened to your data. A reader that left is not a failure; output
    that could not be written fails a command only if it changed nothing."""
    streams.flush()
    lost = streams.out.failure if streams.out is not None else None
    if lost is None or code != 0:
        return code
    if streams.saved:
        say_error(f"Your change was saved, but its output could not be written: {lost}.")
        return code
    say_error(f"Could not write the output: {lost}.")
    return 1


def interrupted() -> int:
    """Ctrl-C anywhere but at a question: one line, exit 130."""
    try:
        text = load_prompts().text("setup", "common", "interrupted")
    except ClosenessError:  # a broken prompts/ folder still gets its line
        text = "Interrupted."
    with contextlib.suppress(OSError):  # stderr may be gone too
        say_error(text)
    return 130


def _click_failure(exc: Exception) -> int | None:
    """Typer's own usage errors (bad option, bad value): one line, exit 2.
    Matched by shape, as Typer's Click is vendored and private."""
    format_message = getattr(exc, "format_message", None)
    exit_code = getattr(exc, "exit_code", None)
    if not callable(format_message) or not isinstance(exit_code, int):
        return None
    ctx = getattr(exc, "ctx", None)
    message = str(format_message()).rstrip()
    if message and message[-1] not in ".?!":
        message += "."
    where = f" See '{ctx.command_path} --help'." if ctx is not None else ""
    say_error(f"{message}{where}")
    return exit_code
