"""The command line: parse options, call the domain, render, and map every
failure to a one-line message and an exit code (0 ok, 1 runtime, 2 usage,
130 cancelled). Heavy modules are imported inside the commands that use
them, so `closeness --help` stays instant."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import inspect
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from closeness import __version__
from closeness.core.errors import Cancelled, ClosenessError, UsageProblem

if TYPE_CHECKING:
    from pathlib import Path

    from closeness.core.models import Period, SaveResult
    from closeness.core.prompts import Prompts
    from closeness.review.compute import Review
    from closeness.store.config import Settings
    from closeness.ui.ask import Asker

DEBUG_ENV = "CLOSENESS_DEBUG"

app = typer.Typer(
    name="closeness",
    help="A nightly check-in ritual for couples: local-first and private.",
    add_completion=False,
    rich_markup_mode=None,  # plain help: Rich-formatted help doubles start-up
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

AsOption = Annotated[
    str | None, typer.Option("--as", metavar="NAME", help="Whose entry (default: yours).")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"closeness {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A nightly check-in ritual for couples: local-first and private.

    Each night: how close you felt, the best and hardest part of the day, one
    thing you appreciated, and the support you need. Run `closeness checkin`.
    """
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


# -- init ----------------------------------------------------------------------


@app.command()
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
    from closeness.store import files as paths
    from closeness.store.config import Settings, load_settings, updated_settings

    home = paths.home_dir()
    prompts = _prompts()
    try:
        current = load_settings(home)
    except StorageError:
        current = Settings()  # init is how a broken config gets rewritten
    interactive = name is None and partner is None and day_starts_at is None
    if interactive:
        _require_terminal("pass --name NAME --partner NAME [--day-starts-at HOUR].")
        with _cancellable(prompts):
            settings = _asker(prompts).settings(current, people.login_name())
    else:
        settings = updated_settings(
            current, name=name, partner=partner, day_starts_at=day_starts_at
        )
    paths.ensure_home(home)
    _save_settings(home, prompts, current, settings, interactive=interactive)
    typer.echo(prompts.text("setup", "init", "saved"))


def _save_settings(
    home: Path, prompts: Prompts, current: Settings, settings: Settings, *, interactive: bool
) -> None:
    """Save the settings; your earlier check-ins follow a change of name in
    the same transaction. Those made before `init` (under the login name)
    move on their own; a configured name changed without a terminal leaves
    them where they are, as that may be your partner setting up by mistake."""
    from closeness.core import people
    from closeness.store.config import save_settings
    from closeness.store.database import open_store

    old, new = current.name or people.login_name(), settings.name or ""
    with open_store(home, readonly=True) as store:
        count = people.entries_to_move(store, old, new)
    words = {"old": old, "new": new, "count": count}
    if count and interactive:
        with _cancellable(prompts):
            question = prompts.text("setup", "init", "move", **words)
            count = count if _asker(prompts).confirm(question, default=True) else 0
    elif count and current.name is not None:
        typer.echo(prompts.text("setup", "init", "not_moved", **words))
        count = 0
    if not count:
        save_settings(home, settings)
        return
    with open_store(home) as store:
        moved = store.rename_person(old, new, before_commit=lambda: save_settings(home, settings))
    typer.echo(prompts.text("setup", "init", "moved", **{**words, "count": moved}))


# -- checkin -------------------------------------------------------------------


@app.command()
def checkin(
    score: Annotated[
        str | None, typer.Option(metavar="1-10", help="How close you felt today, 1 to 10.")
    ] = None,
    best: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The best part of the day.")
    ] = None,
    challenge: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The most challenging part.")
    ] = None,
    appreciation: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="One specific thing you appreciated about your partner."),
    ] = None,
    need: Annotated[
        str | None,
        typer.Option(
            metavar="1|2|3|none",
            help="Support you need most: 1 content (practical help), 2 process (emotional "
            "support), 3 meaning (reassurance), or none.",
        ),
    ] = None,
    moment: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KEY",
            help="A connection moment you shared (repeatable), by its key in "
            "prompts/moments.toml: hug, device_free, walk, laughter, …",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="An optional note.")] = None,
    private: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FIELD",
            help="Keep an answer out of exports (repeatable): "
            "best, challenge, appreciation, note, need, moments.",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="The day: YYYY-MM-DD, today or yesterday (default: today; before the "
            "day-start hour, today is still yesterday).",
        ),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="Who is checking in (default: you)."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite an existing entry for that day.")
    ] = False,
) -> None:
    """The nightly check-in: a few questions, a minute or two.

    With a terminal and no answer options it asks; any answer option means it
    does not ask, and then --score is required.
    """
    from closeness.core import checkin as ritual
    from closeness.core import days, people
    from closeness.core.validate import parse_moments, parse_need, parse_private
    from closeness.store import files as paths
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    home = paths.home_dir()
    settings = load_settings(home)
    prompts = _prompts()
    now = dt.datetime.now()
    today = days.day_for(now, settings.day_starts_at)
    person = people.resolve_person(as_, settings)
    day = ritual.resolve_day(date, settings, now)
    partner = people.partner_of(person, settings, prompts.text("setup", "common", "partner"))
    options = (score, best, challenge, appreciation, need, note)
    result: SaveResult | None
    if any(v is not None for v in options) or moment or private:
        if score is None:
            raise UsageProblem("--score is required when answers are given as options.")
        answers: dict[str, Any] = {
            "closeness": score,
            "best": best,
            "challenge": challenge,
            "appreciation": appreciation,
            "note": note,
            "need": parse_need(need, "--need") if need is not None else None,
            "moments": parse_moments(moment or (), prompts.moment_keys),
            "private": parse_private(private or (), "--private"),
        }
        # Validated in full before the database is opened.
        entry = ritual.make_entry(person, day, answers, now=days.utc_now())
        with open_store(home) as store:
            result = ritual.save_checkin(store, entry, replace=replace, today=today)
    else:
        _require_terminal("pass the answers as options, e.g. --score 7 (see --help).")
        result = _checkin_interactively(
            home, prompts, person, day, partner, replace=replace, today=today
        )
        if result is None:
            return
    lines = ritual.confirmation(
        result, prompts, partner, set_up=settings.name is not None, today=today
    )
    typer.echo(_style(lines[0], fg="green", bold=True))
    for line in lines[1:]:
        typer.echo(line)


def _checkin_interactively(
    home: Path,
    prompts: Prompts,
    person: str,
    day: dt.date,
    partner: str,
    *,
    replace: bool,
    today: dt.date,
) -> SaveResult | None:
    """Ask the nightly questions; an existing entry for the day is offered for
    amending, its answers as defaults. None when the person keeps it as it was."""
    from closeness.core import checkin as ritual
    from closeness.core import days
    from closeness.core.errors import AlreadyCheckedIn
    from closeness.store.database import open_store

    asker = _asker(prompts)
    when = days.friendly(day)
    with open_store(home) as store:
        previous = store.get_entry(person, day)
        with _cancellable(prompts):
            if previous is not None and not replace:
                words = {"person": previous.person, "date": when}  # the name as stored
                question = prompts.text("checkin", "amend", "message", **words)
                if not asker.confirm(question, default=True):
                    typer.echo(prompts.text("checkin", "amend", "kept", date=when))
                    return None
            title = "title" if day >= today else "title_past"
            typer.echo(_style(prompts.text("checkin", "intro", title, day=when), bold=True))
            help_key = "help" if previous is None else "amend_help"
            typer.echo(_style(prompts.text("checkin", "intro", help_key), dim=True))
            answers = asker.checkin(partner, previous)
        entry = ritual.make_entry(person, day, answers, now=days.utc_now(), previous=previous)
        replace = replace or previous is not None
        try:
            return ritual.save_checkin(store, entry, replace=replace, today=today)
        except AlreadyCheckedIn:
            # Saved from another terminal while these answers were typed:
            # ask rather than lose either.
            with _cancellable(prompts):
                question = prompts.text("checkin", "amend", "conflict", date=when)
                if not asker.confirm(question, default=True):
                    typer.echo(prompts.text("checkin", "amend", "kept", date=when))
                    return None
            return ritual.save_checkin(store, entry, replace=True, today=today)


# -- log, show, delete ---------------------------------------------------------


@app.command()
def log(
    search: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Only entries whose answers contain TEXT.")
    ] = None,
    days_: Annotated[
        str | None, typer.Option("--days", metavar="N", help="Only the last N days.")
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="Only this person's entries (default: all)."),
    ] = None,
) -> None:
    """List check-ins, newest first."""
    from closeness.core import days
    from closeness.core.validate import clean_name, parse_days
    from closeness.store import files as paths
    from closeness.store.config import load_settings
    from closeness.store.database import open_store
    from closeness.ui.render import log_lines, make_console

    home = paths.home_dir()
    settings = load_settings(home)
    prompts = _prompts()
    person = clean_name(as_, "--as name") if as_ is not None else None
    since = None
    if days_ is not None:
        back = dt.timedelta(days=parse_days(days_, "--days") - 1)
        since = days.today(settings.day_starts_at) - back
    with open_store(home, readonly=True) as store:
        entries = store.entries(person=person, since=since, search=search)
    if not entries:
        filtered = person is not None or since is not None or bool(search)
        typer.echo(prompts.text("setup", "log", "no_match" if filtered else "empty"))
        return
    console = make_console()
    console.print(log_lines(entries, prompts, console.width), no_wrap=True, crop=True)


@app.command()
def show(
    date: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, today or yesterday.")],
    as_: AsOption = None,
) -> None:
    """Show one day's check-in in full."""
    from closeness.store.database import open_store
    from closeness.ui.render import Trimmed, entry_view, make_console

    home, person, day = _person_day(date, as_)
    with open_store(home, readonly=True) as store:
        entry = store.get_entry(person, day)
    if entry is None:
        raise _no_entry(person, day)
    make_console().print(Trimmed(entry_view(entry, _prompts())))


@app.command()
def delete(
    date: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, today or yesterday.")],
    as_: AsOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one day's check-in (asks first)."""
    from closeness.store.database import open_store

    if not yes:
        _require_terminal("pass --yes to delete without being asked.")
    home, person, day = _person_day(date, as_)
    prompts = _prompts()
    with open_store(home, readonly=True) as store:  # a missing day changes nothing on disk
        entry = store.get_entry(person, day)
    if entry is None:
        raise _no_entry(person, day)
    words = {"person": entry.person, "date": day.isoformat()}  # the name as stored
    if not yes:
        with _cancellable(prompts):
            question = prompts.text("setup", "delete", "confirm", **words)
            if not _asker(prompts).confirm(question, default=False):
                typer.echo(prompts.text("setup", "delete", "kept"))
                return
    with open_store(home) as store:
        if not store.delete_entry(person, day):
            raise _no_entry(person, day)  # deleted elsewhere meanwhile
    typer.echo(prompts.text("setup", "delete", "deleted", **words))


# -- review ----------------------------------------------------------------------


@app.command()
def review(
    days_: Annotated[
        str | None,
        typer.Option("--days", metavar="N", help="The N days ending at --until (default 7)."),
    ] = None,
    month: Annotated[bool, typer.Option("--month", help="The last 30 days.")] = False,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="First day, YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD (default today).")
    ] = None,
    as_: Annotated[
        str | None, typer.Option("--as", metavar="NAME", help="Whose review (default: yours).")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Everyone stored, side by side (you and your partner).")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    svg: Annotated[
        str | None, typer.Option(metavar="FILE", help="Also save the review as an SVG picture.")
    ] = None,
    reflect: Annotated[
        bool,
        typer.Option("--reflect", help="Afterwards, answer the weekly (or monthly) questions."),
    ] = False,
) -> None:
    """How the week went: scores, streak, needs, moments, and gentle guidance."""
    from closeness.core import days, people
    from closeness.review.compute import resolve_period
    from closeness.review.query import everyone, read_review
    from closeness.store import files as paths
    from closeness.store.config import load_settings
    from closeness.store.database import open_store
    from closeness.store.files import output_target

    if as_ is not None and all_:
        raise UsageProblem("Use --as NAME or --all, not both.")
    if reflect and json_:
        raise UsageProblem("--reflect asks questions; it cannot go with --json.")
    if svg is not None and json_:
        raise UsageProblem("--svg saves the drawn review; it cannot go with --json.")
    if reflect:
        _require_terminal("--reflect asks questions; run it in a terminal.")
    home = paths.home_dir()
    settings = load_settings(home)
    prompts = _prompts()
    today = days.today(settings.day_starts_at)
    period = resolve_period(today, days=days_, month=month, since=since, until=until)
    svg_path = None
    if svg is not None:
        svg_path = output_target(_output_path(svg, "--svg"), "--svg", home)
    you = people.resolve_person(as_, settings)
    with open_store(home, readonly=True) as store:
        names = everyone(store, you, settings.partner) if all_ else [you]
        summary = read_review(store, period, names, prompts.guidance_words)
    if json_:
        import json

        _print_raw(json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _show_review(summary, prompts, settings, svg_path)
    if reflect:
        partner = people.partner_of(you, settings, prompts.text("setup", "common", "partner"))
        _reflect(home, prompts, you, partner, period)


def _show_review(summary: Review, prompts: Prompts, settings: Settings, svg: Path | None) -> None:
    from closeness.ui.render import make_console
    from closeness.ui.review_view import SVG_WIDTH, review_renderable, save_svg, svg_console

    partners = _partner_names(settings)
    console = make_console()
    # The view is drawn without trailing spaces: no Trimmed around it.
    console.print(review_renderable(summary, prompts, width=console.width, partner_names=partners))
    if svg is not None:
        # Drawn again at a fixed width and in colour, whatever this terminal is.
        picture = svg_console(width=SVG_WIDTH)
        picture.print(review_renderable(summary, prompts, width=SVG_WIDTH, partner_names=partners))
        save_svg(picture, svg)


def _partner_names(settings: Settings) -> dict[str, str]:
    if not settings.name or not settings.partner:
        return {}
    return {settings.name: settings.partner, settings.partner: settings.name}


def _reflect(home: Path, prompts: Prompts, person: str, partner: str, period: Period) -> None:
    """The weekly (or monthly) questions after the summary, stored as one
    reflection for the period; answering again amends it."""
    from closeness.core import days
    from closeness.review.compute import reflection_kind, reflection_on
    from closeness.store.database import open_store

    kind = reflection_kind(period)
    asker = _asker(prompts)
    span = days.period_label(period)
    with open_store(home) as store:
        previous = store.get_reflection(person, period)
        with _cancellable(prompts):
            if previous is not None:
                question = prompts.text("reflect", "intro", "amend", period=span)
                if not asker.confirm(question, default=True):
                    typer.echo(prompts.text("reflect", "intro", "kept", period=span))
                    return
            typer.echo()
            typer.echo(_style(prompts.text("reflect", "intro", kind), bold=True))
            answers = asker.reflection(kind, partner, previous)
        if not answers:
            typer.echo(prompts.text("reflect", "intro", "nothing"))
            return
        store.save_reflection(
            reflection_on(person, period, answers, now=days.utc_now(), previous=previous)
        )
    typer.echo(prompts.text("reflect", "intro", "saved", period=span, partner=partner))


# -- export and import -----------------------------------------------------------


@app.command()
def export(
    format_: Annotated[
        str,
        typer.Option("--format", metavar="FORMAT", help="markdown (default), json, csv or html."),
    ] = "markdown",
    out: Annotated[
        str | None, typer.Option(metavar="FILE", help="Write to FILE (0600) instead of stdout.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="First day, YYYY-MM-DD.")
    ] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD.")] = None,
    days_: Annotated[
        str | None, typer.Option("--days", metavar="N", help="Only the last N days.")
    ] = None,
    as_: Annotated[
        str | None, typer.Option("--as", metavar="NAME", help="Whose check-ins (default: yours).")
    ] = None,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private", help="Include answers marked private (left out by default)."
        ),
    ] = False,
) -> None:
    """Share your check-ins: Markdown to paste, JSON for your partner's import, CSV, or HTML."""
    from closeness.core import days, people
    from closeness.sharing.exchange import export_document, write_export
    from closeness.sharing.formats import FORMATS
    from closeness.store import files as paths
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    fmt = format_.strip().lower()
    if fmt not in FORMATS:
        raise UsageProblem(f"--format must be one of {', '.join(FORMATS)} (got {format_!r}).")
    chosen = FORMATS[fmt]
    home = paths.home_dir()
    settings = load_settings(home)
    prompts = _prompts()
    period = _export_period(days.today(settings.day_starts_at), days_, since, until)
    out_path = _output_path(out, "--out") if out not in (None, "-") else None
    if chosen.binary and out_path is None and sys.stdout.isatty():
        raise UsageProblem(f"--format {fmt} is not text; write it with --out FILE or to a pipe.")
    person = people.resolve_person(as_, settings)
    with open_store(home, readonly=True) as store:
        document = export_document(
            store, person, period, include_private=include_private, now=days.utc_now()
        )
    rendered = chosen.render(document, prompts)
    if out_path is None:
        if isinstance(rendered, str):
            _print_raw(rendered)
        else:
            _print_bytes(rendered)
    else:
        written = write_export(out_path, rendered, home)
        where = str(written.path)
        if written.through_link:
            _say_note(prompts.text("setup", "export", "symlink", path=str(out_path), target=where))
        _say_note(
            prompts.text("setup", "export", "written", count=len(document.entries), path=where)
        )
    if document.withheld:
        _say_note(prompts.text("setup", "export", "withheld", count=document.withheld))


def _export_period(
    today: dt.date, days_: str | None, since: str | None, until: str | None
) -> Period | None:
    """--days N ends at --until (default today); otherwise --since and
    --until each bound one side, and what is not given is open: by default
    everything stored is exported."""
    from closeness.core.models import Period
    from closeness.core.validate import parse_date
    from closeness.review.compute import resolve_period

    if days_ is not None:
        return resolve_period(today, days=days_, since=since, until=until)
    if since is None and until is None:
        return None
    start = parse_date(since, "--since") if since is not None else dt.date.min
    end = parse_date(until, "--until") if until is not None else dt.date.max
    if start > end:
        raise UsageProblem(f"--since {start} is after --until {end}.")
    return Period(start, end)


@app.command("import")
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A JSON export (closeness export --format json).")
    ],
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="File every entry under NAME."),
    ] = None,
) -> None:
    """Add your partner's JSON export to yours, for `closeness review --all`."""
    from closeness.core import people
    from closeness.core.validate import clean_name
    from closeness.sharing.exchange import import_into, read_incoming
    from closeness.store import files as paths
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    path = _existing_file(file)
    home = paths.home_dir()
    settings = load_settings(home)
    prompts = _prompts()
    as_name = clean_name(as_, "--as name") if as_ is not None else None
    you = people.resolve_person(None, settings)
    # Validated in full before the database is opened.
    incoming = read_incoming(path, you, as_name)
    if not incoming.entries and not incoming.reflections:
        typer.echo(prompts.text("setup", "import", "empty"))
        return
    with open_store(home) as store:
        result = import_into(store, incoming)
    counts = result.entries
    typer.echo(
        prompts.text(
            "setup",
            "import",
            "done",
            people=", ".join(_printable_name(n) for n in incoming.people),
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
        )
    )
    if incoming.reflections:
        r = result.reflections
        typer.echo(
            prompts.text(
                "setup",
                "import",
                "reflections",
                added=r.added,
                updated=r.updated,
                unchanged=r.unchanged,
            )
        )
    if counts.added or counts.updated:
        typer.echo(prompts.text("setup", "import", "next"))


# -- helpers -------------------------------------------------------------------


def _prompts() -> Prompts:
    from closeness.core.prompts import load_prompts

    return load_prompts()


def _asker(prompts: Prompts) -> Asker:
    from closeness.ui.ask import Asker

    return Asker(prompts)


def _person_day(date_text: str, as_name: str | None) -> tuple[Path, str, dt.date]:
    from closeness.core import days, people
    from closeness.core.validate import parse_day_ref
    from closeness.store import files as paths
    from closeness.store.config import load_settings

    home = paths.home_dir()
    settings = load_settings(home)
    day = parse_day_ref(date_text, days.today(settings.day_starts_at))
    return home, people.resolve_person(as_name, settings), day


def _printable_name(name: str) -> str:
    from closeness.core.terminal_text import printable

    return printable(name, one_line=True)


def _output_path(value: str, option: str) -> Path:
    if not value.strip():
        raise UsageProblem(f"{option} needs a file name.")
    return _user_path(value, option)


def _user_path(value: str, what: str) -> Path:
    from pathlib import Path

    try:
        return Path(value).expanduser()
    except RuntimeError:  # "~someone" who does not exist
        raise UsageProblem(f"{what}: cannot find the home folder in {value!r}.") from None


def _existing_file(value: str) -> Path:
    """FILE must exist: a missing one is a usage error (exit 2) by the contract."""
    path = _user_path(value, "FILE")
    try:
        found = path.exists()
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise UsageProblem(f"{value}: {exc.strerror or exc}.") from None
    if not found:
        raise UsageProblem(f"{value}: no such file.")
    return path


def _print_raw(text: str) -> None:
    """Export text on stdout as it is, unless stdout is a terminal: then its
    control characters are made visible (they are data, not instructions)."""
    if sys.stdout.isatty():
        from closeness.core.terminal_text import printable

        text = printable(text.replace("\r\n", "\n"))  # CSV's line ends are not data
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `closeness export | head`: the reader left; that is not a failure.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _print_bytes(data: bytes) -> None:
    """A binary export on stdout (a pipe: a terminal was refused before)."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _say_note(message: str) -> None:
    """A side remark on stderr, so stdout stays the export itself."""
    from closeness.core.terminal_text import printable

    typer.echo(printable(message, one_line=True), err=True)


def _no_entry(person: str, day: dt.date) -> ClosenessError:
    return ClosenessError(
        f"No check-in for {person} on {day.isoformat()}.", hint="See `closeness log`."
    )


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _require_terminal(hint: str) -> None:
    if not _is_terminal():
        raise UsageProblem("No terminal to ask in:", hint=hint)


@contextlib.contextmanager
def _cancellable(prompts: Prompts) -> Iterator[None]:
    """Ctrl-C at any question (or Ctrl-D at a text one): leave, storing nothing."""
    try:
        yield
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(prompts.text("setup", "common", "cancelled")) from None


def _style(text: str, **style: Any) -> str:
    if os.environ.get("NO_COLOR") or not sys.stdout.isatty():
        return text
    return typer.style(text, **style)


def _say_error(message: str) -> None:
    """Every failure line goes through here. It may quote what was typed (an
    unknown option, a path), so control characters are made visible."""
    _say_note(f"closeness: {message}")


def main(argv: list[str] | None = None) -> int:
    """The one exit point: every failure becomes a one-line message and an
    exit code; a traceback only with CLOSENESS_DEBUG=1."""
    # Everything written (and any folder created) is private to the user.
    os.umask(0o077)
    try:
        args = sys.argv[1:] if argv is None else argv
        result = _app_for(args)(args=args, prog_name="closeness", standalone_mode=False)
    except ClosenessError as exc:
        _say_error(f"{exc.message} {exc.hint}" if exc.hint else exc.message)
        return exc.exit_code
    except Exception as exc:
        code = _click_failure(exc)
        if code is not None:
            return code
        if os.environ.get(DEBUG_ENV):
            raise
        _say_error(
            f"unexpected error ({type(exc).__name__}: {exc}). Set {DEBUG_ENV}=1 to see the details."
        )
        return 1
    if result == 130:
        # Ctrl-C outside a question (say, while waiting for a busy database):
        # Typer turns it into a silent exit 130. Every write is one
        # transaction, so it happened in full or not at all.
        _say_error(_prompts().text("setup", "common", "interrupted"))
    return result if isinstance(result, int) else 0


def _app_for(args: list[str]) -> typer.Typer:
    """The app as this run needs it. Typer builds the options of every
    registered command on each run by reading their signatures: about 6 ms
    for all eight against 1 for one. A command gets only itself; the overview
    (`closeness`, `--help`) gets every command's name and help but not its
    options, which only the command's own help shows."""
    wanted = args[0] if args else ""
    chosen = [info for info in app.registered_commands if _command_name(info) == wanted]
    if not chosen and wanted not in _OVERVIEW:
        return app  # anything else ("--", a typo, a bad option): Click as it always is
    only = copy.copy(app)
    only.registered_commands = chosen or [_listed(info) for info in app.registered_commands]
    return only


# What the first argument is when only the list of commands is shown.
_OVERVIEW = ("", "-h", "--help", "--version")


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _listed(info: Any) -> Any:
    """A command as the overview lists it: its name and help, no options."""
    listed = copy.copy(info)
    listed.name = _command_name(info)
    listed.help = info.help or inspect.getdoc(info.callback)
    listed.callback = _never_run
    return listed


def _never_run() -> None:
    """Stands in for a command in the overview, which only lists them."""


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
    _say_error(f"{message}{where}")
    return exit_code
