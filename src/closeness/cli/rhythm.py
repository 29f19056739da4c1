"""`closeness status` and `closeness remind`: the nightly rhythm. status is
answered by cli/status.py before Typer is imported; its command here is
what `--help` and shell completion see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from closeness.core.errors import UsageProblem

if TYPE_CHECKING:
    from closeness.core.prompts import Prompts
    from closeness.rhythm.remind import Installed


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


def remind(
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="HH:MM", help="Remind you every day at this time (replaces the last)."
        ),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Remove the reminder.")] = False,
    fire: Annotated[bool, typer.Option("--fire", hidden=True)] = False,
) -> None:
    """A daily reminder to check in, quiet once you have: a systemd user
    timer, a crontab line or a launchd agent. Alone: what is set."""
    from closeness.cli import output
    from closeness.rhythm import remind as reminders
    from closeness.store import files

    if sum((at is not None, off, fire)) > 1:
        raise UsageProblem("Give one of --at and --off.", hint="See 'closeness remind --help'.")
    home = files.home_dir()
    hour_minute = reminders.parse_time(at, "--at") if at is not None else None
    prompts = output.load_prompts()
    if fire:
        from closeness.rhythm import fire as firing

        due = firing.due(home)
        if due is not None:
            key, partner = due
            text = prompts.text("rhythm", "remind", key, partner=output.printable_name(partner))
            if not firing.notify(prompts.text("rhythm", "remind", "title"), text):
                output.say(text)  # no desktop: the terminal (from cron: its mail)
        return
    if hour_minute is not None:
        installed = reminders.set_reminder(home, *hour_minute)
        output.saved()
        output.say(
            prompts.text(
                "rhythm", "remind", "installed", time=installed.at, how=_how(installed, prompts)
            )
        )
    elif off:
        removed, replaced = reminders.remove_reminder(home)
        output.saved()
        if replaced:
            output.say(prompts.text("rhythm", "remind", "other_home"))
        elif removed is None:
            output.say(prompts.text("rhythm", "remind", "nothing_to_remove"))
        else:
            output.say(prompts.text("rhythm", "remind", "removed", how=_how(removed, prompts)))
    else:
        current, replaced = reminders.current_reminder(home)
        if replaced:
            output.say(prompts.text("rhythm", "remind", "other_home"))
        elif current is None:
            output.say(prompts.text("rhythm", "remind", "none"))
        else:
            output.say(
                prompts.text(
                    "rhythm", "remind", "shown", time=current.at, how=_how(current, prompts)
                )
            )


def _how(installed: Installed, prompts: Prompts) -> str:
    from closeness.rhythm.remind import CRON, where

    if installed.backend == CRON:
        return prompts.text("rhythm", "remind", "how_cron")
    key = f"how_{installed.backend}"
    return prompts.text("rhythm", "remind", key, path=str(where(installed)))
