"""`closeness status` and `closeness remind`: the nightly rhythm. status is
answered by cli/status.py before Typer is imported; its command here is
what `--help` and shell completion see."""

from __future__ import annotations

from typing import Annotated

import typer


def status(
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            help="One line, and only when you have not checked in today "
            "(for a shell start-up file).",
        ),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> int:
    """Whether you and your partner have checked in today, and your streak."""
    from closeness.cli import status as quick

    return quick.main([flag for flag, on in (("--quiet", quiet), ("--json", json_)) if on])
