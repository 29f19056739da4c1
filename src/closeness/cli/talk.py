"""`closeness talk` (the weekly agenda for the two of you) and `closeness
appreciations` (the archive of what each of you wrote about the other)."""

from __future__ import annotations

from typing import Annotated

import typer

from closeness.cli import output
from closeness.cli.options import DaysEnding, LastDays, Month, NoPager, Since, Until, UntilToday
from closeness.core.errors import UsageProblem

TALK_FORMATS = ("text", "markdown")


def talk(
    days_: DaysEnding = None,
    month: Month = False,
    since: Since = None,
    until: UntilToday = None,
    format_: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="text (default, for the screen) or markdown."
        ),
    ] = "text",
    json_: Annotated[
        bool, typer.Option("--json", help="Print the agenda's parts as JSON.")
    ] = False,
    no_pager: NoPager = False,
) -> None:
    """The agenda for your weekly talk, together: appreciations to say out
    loud, what went well, where you felt apart, what each of you needs, and
    two questions to ask each other."""
    from closeness.cli.options import resolve_period
    from closeness.core import days, people
    from closeness.core.reveal import reveal
    from closeness.review.talk import read_agenda, talk_people
    from closeness.store import files
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    if format_ not in TALK_FORMATS:
        raise UsageProblem(f"--format {format_!r}: choose text or markdown.")
    if json_ and format_ != "text":
        raise UsageProblem("Use --json or --format markdown, not both.")
    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    today = days.today(settings.day_starts_at)
    period = resolve_period(today, days=days_, month=month, since=since, until=until)
    you = people.resolve_person(None, settings)
    generic = prompts.text("setup", "common", "partner")
    with open_store(home, readonly=True) as store:
        pair = talk_people(store, you, settings, generic)
        hidden = reveal(settings.name, today, lambda p, d: store.get_entry(p, d) is not None)
        agenda = read_agenda(store, period, pair, hidden)
    if json_:
        import json

        questions = [
            prompts.text("talk", "questions", "loved"),
            prompts.text("talk", "questions", "support"),
        ]
        document = agenda.to_json(questions)
        output.print_raw(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if format_ == "markdown":
        from closeness.ui.talk_markdown import talk_markdown

        output.print_raw(talk_markdown(agenda, prompts))
        return
    from closeness.ui.pager import paging
    from closeness.ui.render import make_console
    from closeness.ui.talk_view import talk_renderable

    console = make_console()
    with paging(console, enabled=not no_pager):
        console.print(talk_renderable(agenda, prompts, width=console.width))


def appreciations(
    days_: LastDays = None,
    since: Since = None,
    until: Until = None,
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="Only NAME's words (default: both of you)."),
    ] = None,
    no_pager: NoPager = False,
) -> None:
    """What each of you appreciated about the other, newest first, and the
    ones written on this day a month and a year ago."""
    from closeness.cli.options import open_period
    from closeness.core import days
    from closeness.core.reveal import reveal
    from closeness.core.validate import clean_name
    from closeness.review.appreciations import EVERYTHING, partners, read_archive
    from closeness.store import files
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    today = days.today(settings.day_starts_at)
    period = open_period(today, days=days_, since=since, until=until)
    person = clean_name(as_, "--as name") if as_ is not None else None
    with open_store(home, readonly=True) as store:
        hidden = reveal(settings.name, today, lambda p, d: store.get_entry(p, d) is not None)
        archive = read_archive(
            store,
            period=period or EVERYTHING,
            person=person,
            today=today,
            partner_of=partners(store, settings, prompts.text("setup", "common", "partner")),
            reveal=hidden,
        )
    if not (archive.items or archive.month_ago or archive.year_ago or archive.hidden):
        filtered = period is not None or person is not None
        output.say(prompts.text("talk", "archive", "no_match" if filtered else "empty"))
        return
    from closeness.ui.pager import paging
    from closeness.ui.render import make_console
    from closeness.ui.talk_view import archive_renderable

    console = make_console()
    with paging(console, enabled=not no_pager):
        console.print(archive_renderable(archive, period, prompts, width=console.width))
