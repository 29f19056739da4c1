"""Shell completion: `closeness completion bash|zsh|fish` prints the script,
and the shell then runs `closeness` with _CLOSENESS_COMPLETE set to ask
for completions (cli/main.py sends such a run here). Typer's completion
machinery is imported only then: the app is built with add_completion=False,
so no other run pays for it."""

from __future__ import annotations

from typing import Annotated

import typer

from closeness.core.errors import UsageProblem

COMPLETE_ENV = "_CLOSENESS_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def _shells(incomplete: str) -> list[str]:
    return [shell for shell in SHELLS if shell.startswith(incomplete)]


def completion(
    shell: Annotated[
        str,
        typer.Argument(
            metavar="bash|zsh|fish",
            help="The shell to complete in.",
            autocompletion=_shells,
            show_default=False,
        ),
    ],
) -> None:
    """Print the script that completes closeness's commands and options in
    your shell (see the README: "Shell completion")."""
    if shell not in SHELLS:
        raise UsageProblem(f"No completion for {shell!r}: choose bash, zsh or fish.")
    from typer._completion_shared import get_completion_script

    # Typer's classes speak the instruction style its scripts use (complete_bash).
    _init()
    script = get_completion_script(prog_name="closeness", complete_var=COMPLETE_ENV, shell=shell)
    typer.echo(script)


def complete(args: list[str]) -> int:
    """Answer the shell's request for completions (the words are in the
    environment the script sets): the whole app, every command's options."""
    from closeness.cli.app import app

    _init()
    try:
        app(args=args, prog_name="closeness", complete_var=COMPLETE_ENV)
    except SystemExit as exc:  # how Click ends a completion run
        return exc.code if isinstance(exc.code, int) else 0
    return 0


def _init() -> None:
    from typer._completion_classes import completion_init

    completion_init()
