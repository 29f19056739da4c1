"""`closeness status [--quiet] [--json]`, answered before Typer is imported.

A shell start-up file runs it in every new terminal, so it must cost
almost nothing: cli/entry.py (and cli/main.py, for the tests that call
main() in-process) hand it the arguments before the Typer app is built,
and it parses its two options itself. `--help` goes the usual way (the app
lists `status` like any command, for help and completion)."""

from __future__ import annotations

import os
import sys

from closeness.core.errors import ClosenessError, UsageProblem

# Every command imports this module (for is_quick): typing alone would cost
# status a tenth of its budget, so the names for annotations come this way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

    from closeness.core.prompts import Prompts
    from closeness.core.quick_prompts import QuickPrompts
    from closeness.rhythm.status import Status

    _Words = QuickPrompts | Prompts  # what lines() asks its wording of

OPTIONS = ("--quiet", "--json")
_HELP = ("-h", "--help")
_DEBUG_ENV = "CLOSENESS_DEBUG"  # as cli/main.py


def is_quick(args: list[str]) -> bool:
    """Whether `args` is a status this module answers (not its --help, not
    a shell asking for completions)."""
    return (
        args[:1] == ["status"]
        and not any(arg in _HELP for arg in args[1:])
        and "_CLOSENESS_COMPLETE" not in os.environ
    )


def main(args: list[str]) -> int:
    """`args` after "status": one run, its exit code (0, 1 for a damaged
    home, 2 for a bad option)."""
    os.umask(0o077)  # SQLite may make a -shm file even to read: private, like the rest
    try:
        quiet, as_json = parse(args)
        from closeness.rhythm.status import status

        found = status()
        if as_json:
            return _print_json(found.as_json())
        from closeness.core.quick_prompts import QuickPrompts

        return _print_lines(lines(found, QuickPrompts("rhythm"), quiet=quiet))
    except ClosenessError as exc:
        _say_error(f"{exc.message} {exc.hint}" if exc.hint else exc.message)
        return exc.exit_code
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get(_DEBUG_ENV):
            raise
        _say_error(
            f"unexpected error ({type(exc).__name__}: {exc}). "
            f"Set {_DEBUG_ENV}=1 to see the details."
        )
        return 1


def parse(args: list[str]) -> tuple[bool, bool]:
    """(--quiet, --json), as Click would parse them: anything else is a
    usage error naming it."""
    given: set[str] = set()
    ended = False
    for arg in args:
        if arg == "--" and not ended:
            ended = True
        elif arg in OPTIONS and not ended:
            given.add(arg)
        elif arg.startswith("-") and arg != "-" and not ended:
            raise _usage(f"No such option: {arg.partition('=')[0]}.")
        else:
            raise _usage(f"Got unexpected extra argument ({arg}).")
    if len(given) == 2:
        raise _usage("--quiet and --json cannot be used together.")
    return "--quiet" in given, "--json" in given


def _usage(message: str) -> UsageProblem:
    return UsageProblem(f"{message} See 'closeness status --help'.")


def lines(found: Status, prompts: _Words, *, quiet: bool) -> list[str]:
    """What status prints: one to three lines, or with `quiet` the one line
    when you have not checked in today and nothing otherwise."""
    if quiet:
        return [] if found.you.checked_in else [prompts.text("rhythm", "status", "quiet")]
    if found.nothing_yet:
        return [prompts.text("rhythm", "status", "nothing_yet")]
    you = "you_done" if found.you.checked_in else "you_not_yet"
    shown = [prompts.text("rhythm", "status", you)]
    partner = found.partner
    if partner is not None:
        name = _shown(partner.name)
        if partner.checked_in is None:
            line = prompts.text("rhythm", "status", "partner_unknown", partner=name)
        elif partner.checked_in:
            line = prompts.text("rhythm", "status", "partner_done", partner=name)
        else:
            line = prompts.text("rhythm", "status", "partner_not_yet", partner=name)
        if partner.last_synced is not None:
            when = _when(partner.last_synced, prompts)
            line += " " + prompts.text("rhythm", "status", "arrived", when=when)
        shown.append(line)
    streak = found.you.streak or 0
    if streak == 1:
        shown.append(prompts.text("rhythm", "status", "streak_one"))
    elif streak > 1:
        shown.append(prompts.text("rhythm", "status", "streak", streak=streak))
    return shown


def _when(moment: dt.datetime, prompts: _Words) -> str:
    """A moment in local time: "today at 21:04", "yesterday at …", or the
    day, by the calendar (when the data came, not which check-in day)."""
    import datetime as dt

    local = moment.astimezone()
    time = f"{local:%H:%M}"
    ago = (dt.date.today() - local.date()).days
    if ago == 0:
        return prompts.text("rhythm", "status", "today_at", time=time)
    if ago == 1:
        return prompts.text("rhythm", "status", "yesterday_at", time=time)
    day = f"{local:%A} {local.day} {local:%B}"
    if local.year != dt.date.today().year:
        day += f" {local.year}"
    return prompts.text("rhythm", "status", "day_at", day=day, time=time)


def _shown(name: str) -> str:
    if name.isprintable():
        return name
    from closeness.core.terminal_text import printable

    return printable(name, one_line=True)


# -- output: nothing here raises for a reader that left or a full disk -----------


def _print_lines(shown: list[str]) -> int:
    if not shown:
        return 0
    stream = sys.stdout
    if stream is None:
        return _lost("stdout is closed")
    if _is_a_terminal(stream):
        shown = _wrapped(shown)
    text = "".join(line + "\n" for line in shown)
    # What this terminal's encoding cannot show becomes "?", never an error.
    return _write(text, stream.encoding or "utf-8")


def _is_a_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False


def _wrapped(shown: list[str]) -> list[str]:
    """Lines longer than the terminal broken between words, as output.say
    does for the other commands (only then is textwrap imported)."""
    try:
        columns = os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = 80
    width = max(columns - 1, 20)
    if all(len(line) <= width for line in shown):
        return shown
    import textwrap

    return [
        part
        for line in shown
        for part in textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        or [line]
    ]


def _print_json(data: dict[str, object]) -> int:
    import json

    if sys.stdout is None:
        return _lost("stdout is closed")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # Data for programs: UTF-8 whatever the locale, as every --json is.
    return _write(text, "utf-8")


def _write(text: str, encoding: str) -> int:
    stream = sys.stdout
    try:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a stream of text only (a test capturing output)
            stream.write(text)
        else:
            buffer.write(text.encode(encoding, "replace"))
        stream.flush()
        if buffer is not None:
            buffer.flush()
    except BrokenPipeError:
        _drop_stdout()  # the reader left: not a failure, as everywhere else
    except OSError as exc:
        _drop_stdout()
        return _lost(exc.strerror or str(exc))
    return 0


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the exit flush has nothing to fail on."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _lost(why: str) -> int:
    _say_error(f"Could not write the output: {why}.")
    return 1


def _say_error(message: str) -> None:
    """As cli/output.say_error: one line on stderr, its characters made
    visible (that module imports Typer, which status never needs)."""
    from closeness.core.terminal_text import printable

    line = f"closeness: {printable(message, one_line=True)}\n"
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line)
        stream.flush()
    except (OSError, ValueError, UnicodeError):
        pass
