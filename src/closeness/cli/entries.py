"""`closeness log`, `show` and `delete`: the entries so far, one day in
full, and deleting one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from closeness.cli import output
from closeness.cli.options import AsWhose, Day, LastDays, NoPager

if TYPE_CHECKING:
    from pathlib import Path

    from closeness.core.reveal import Reveal
    from closeness.core.settings import Settings
    from closeness.store.database import Store


def log(
    search: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Only entries whose answers contain TEXT.")
    ] = None,
    days_: LastDays = None,
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="Only this person's entries (default: all)."),
    ] = None,
    no_pager: NoPager = False,
) -> None:
    """List check-ins, newest first."""
    from closeness.core import days
    from closeness.core.validate import clean_name, clean_search, parse_days
    from closeness.store import files
    from closeness.store.config import load_settings
    from closeness.store.database import open_store
    from closeness.ui.pager import paging
    from closeness.ui.render import log_lines, make_console

    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    person = clean_name(as_, "--as name") if as_ is not None else None
    search = clean_search(search, "--search") if search is not None else None
    since = None
    today = days.today(settings.day_starts_at)
    if days_ is not None:
        back = dt.timedelta(days=parse_days(days_, "--days") - 1)
        since = today - back
    with open_store(home, readonly=True) as store:
        entries = store.entries(person=person, since=since, search=search)
        hidden = _hidden_from_you(store, settings, today)
    if search:  # a hidden day that matched would tell what it says
        entries = hidden.split(entries)[0]
    if not entries:
        filtered = person is not None or since is not None or bool(search)
        output.say(prompts.text("setup", "log", "no_match" if filtered else "empty"))
        return
    console = make_console()
    with paging(console, enabled=not no_pager):
        console.print(log_lines(entries, prompts, console.width, hidden), no_wrap=True, crop=True)


def show(date: Day, as_: AsWhose = None) -> None:
    """Show one day's check-in in full."""
    from closeness.core import days, people
    from closeness.core.validate import person_key
    from closeness.store.config import load_settings
    from closeness.store.database import open_store
    from closeness.ui.render import Trimmed, entry_view, make_console

    home, person, day = _person_day(date, as_)
    settings = load_settings(home)
    with open_store(home, readonly=True) as store:
        entry = store.get_entry(person, day)
        hidden = _hidden_from_you(store, settings, days.today(settings.day_starts_at))
    if entry is None:
        raise output.no_entry(person, day)
    prompts = output.load_prompts()
    if hidden.hides(entry.person, day):
        name = output.printable_name(entry.person)
        output.say(prompts.text("checkin", "reveal", "show", person=name, day=days.friendly(day)))
        return
    yours = person_key(entry.person) == person_key(people.resolve_person(None, settings))
    make_console().print(Trimmed(entry_view(entry, prompts, yours=yours)))


def _hidden_from_you(store: Store, settings: Settings, today: dt.date) -> Reveal:
    """What the reveal (core/reveal.py) still hides from you, by your own
    check-ins for today and yesterday."""
    from closeness.core.reveal import reveal

    return reveal(settings.name, today, lambda p, d: store.get_entry(p, d) is not None)


def delete(
    date: Day,
    as_: AsWhose = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one day's check-in (asks first)."""
    from closeness.core.days import utc_now
    from closeness.store.database import open_store

    if not yes:
        output.require_terminal("pass --yes to delete without being asked.")
    home, person, day = _person_day(date, as_)
    prompts = output.load_prompts()
    with open_store(home, readonly=True) as store:  # a missing day changes nothing on disk
        entry = store.get_entry(person, day)
    if entry is None:
        raise output.no_entry(person, day)
    words = {"person": entry.person, "date": day.isoformat()}  # the name as stored
    if not yes:
        question = prompts.text("setup", "delete", "confirm", **words)
        if not output.asker(prompts).confirm(question, default=False):
            output.say(prompts.text("setup", "delete", "kept"))
            return
    with open_store(home) as store:
        # The deletion is dated, so that it travels: an export or a sync
        # carries it, and an older copy of the day never comes back.
        if not store.delete_entry(person, day, deleted_at=utc_now()):
            raise output.no_entry(person, day)  # deleted elsewhere meanwhile
    # A draft of an amendment of that day goes with it: its answers (private
    # ones too) must not outlive the day, nor be offered again.
    from closeness.ritual.drafts import Draft

    Draft(home, person, day).discard()
    output.saved()
    output.say(prompts.text("setup", "delete", "deleted", **words))
    if as_ is not None and not _is_you(entry.person):
        output.say(prompts.text("setup", "delete", "only_here", person=words["person"]))


def _is_you(person: str) -> bool:
    from closeness.core.validate import person_key
    from closeness.store.config import load_settings
    from closeness.store.files import home_dir

    name = load_settings(home_dir()).name
    return name is not None and person_key(name) == person_key(person)


def _person_day(date_text: str, as_name: str | None) -> tuple[Path, str, dt.date]:
    from closeness.core import days, people
    from closeness.core.validate import parse_day_ref
    from closeness.store import files
    from closeness.store.config import load_settings

    home = files.home_dir()
    settings = load_settings(home)
    day = parse_day_ref(date_text, days.today(settings.day_starts_at))
    return home, people.resolve_person(as_name, settings, "--as name"), day
