"""Where `closeness` starts: the console script and `python -m closeness`
import this module only to call main(). Ctrl-C at any moment from here on,
even while Python is still importing the program (Typer and the commands,
some 40 ms), is one line and exit 130, never a traceback.

Importing this module blocks SIGINT for the process until main() runs:
only the console script and `python -m closeness` import it; tests call
`closeness.cli.main.main` in-process instead."""

# The C module behind `signal`, loaded by Python before any code runs:
# `signal` itself takes milliseconds to build its enums, and a Ctrl-C then
# would not be held yet.
import _signal  # type: ignore[import-not-found]  # (no type stubs)

# Until main() is inside its `try`, a Ctrl-C waits (blocked, not lost): one
# that came during an import would otherwise interrupt it wherever it was.
_HOLDS = hasattr(_signal, "pthread_sigmask")
if _HOLDS:
    _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGINT})


def main() -> int:
    try:
        import sys

        from closeness.cli import status

        # status runs in every new shell: answered before Typer is even imported.
        quick = status.is_quick(sys.argv[1:])
        if not quick:
            from closeness.cli.main import main as run

        if _HOLDS:  # a Ctrl-C that waited is raised here
            _signal.pthread_sigmask(_signal.SIG_UNBLOCK, {_signal.SIGINT})
        code = status.main(sys.argv[2:]) if quick else run()
        _signal.signal(_signal.SIGINT, _signal.SIG_IGN)  # done: exiting cannot be interrupted
    except KeyboardInterrupt:
        _signal.signal(_signal.SIGINT, _signal.SIG_IGN)  # nor saying so
        from closeness.cli.main import interrupted

        return interrupted()
    return code
