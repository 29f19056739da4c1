"""`closeness init`: who you are, who your partner is, when a day starts."""

from __future__ import annotations

from typing import Annotated

import typer

from closeness.cli import output
from closeness.core.errors import UsageProblem


def init(
    name: Annotated[str | None, typer.Option(metavar="NAME", help="Your name.")] = None,
    partner: Annotated[
        str | None, typer.Option(metavar="NAME", help="Your partner's name.")
    ] = None,
    day_starts_at: Annotated[
        str | None,
        typer.Option(
            metavar="HOUR",
            help="Hour a new day starts (default 4: a 01:30 check-in counts for the day before).",
        ),
    ] = None,
) -> None:
    """Set your name, your partner's name and when a new day starts."""
    from closeness.core import people
    from closeness.core.errors import StorageError
    from closeness.core.settings import Settings, updated_settings
    from closeness.ritual.setup import set_up
    from closeness.store import files
    from closeness.store.config import load_settings

    home = files.home_dir()
    prompts = output.load_prompts()
    try:
        current = load_settings(home)
    except StorageError:
        current = Settings()  # init is how a broken config gets rewritten
    asker = None
    if name is None and partner is None and day_starts_at is None:
        output.require_terminal("pass --name NAME --partner NAME [--day-starts-at HOUR].")
        asker = output.asker(prompts)
        settings = asker.settings(current, people.login_name())
    else:
        if name is None and current.name is None:
            raise UsageProblem("--name is required the first time.", hint="Pass --name NAME.")
        settings = updated_settings(
            current, name=name, partner=partner, day_starts_at=day_starts_at
        )
    files.ensure_home(home)
    done = set_up(home, prompts, current, settings, asker)
    output.saved()
    if done.left:
        output.say(prompts.text("setup", "init", "not_moved", **done.words))
    if done.moved:
        output.say(prompts.text("setup", "init", "moved", **done.words))
    output.say(prompts.text("setup", "init", "saved"))
