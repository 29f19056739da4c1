"""`closeness checkin`: the nightly ritual, asked on a terminal or given as
options. Its answer options are made from the answer registry
(core/answers.py), so a new answer brings its option with it."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperOption

from closeness.cli import output
from closeness.core.answers import ALIASES, ANSWERS, MOMENTS, NEED, PRIVATE_ANSWERS, SCORE, Answer
from closeness.core.errors import AlreadyCheckedIn, ClosenessError, UnknownPerson, UsageProblem

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from closeness.core.models import Entry
    from closeness.core.prompts import Prompts
    from closeness.core.settings import Settings

# The options of the answers that are not written text; a written one's
# option is its id (--best), and its aliases are options too (--hardest).
_OPTIONS = {SCORE: "score", MOMENTS: "moment"}
_METAVARS = {SCORE: "1-10", NEED: "LEVEL", MOMENTS: "KEY"}
_MORE_HELP = {MOMENTS: " (repeatable), by its key:"}
_PRIVATE_NAMES = ", ".join(
    [*PRIVATE_ANSWERS, *(f"{alias} (= {answer_id})" for alias, answer_id in ALIASES.items())]
)


def option_of(answer: Answer) -> str:
    return "--" + _OPTIONS.get(answer.kind, answer.id)


class CheckinCommand(TyperCommand):
    """`checkin --help` names every moment key of prompts/moments.toml. They
    are read only when the help is shown: reading prompts/ while the app is
    built would slow every command."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        moments = next(a for a in ANSWERS if a.kind == MOMENTS)
        try:
            keys = ", ".join(output.load_prompts().moment_keys) + "."
        except ClosenessError:  # a broken prompts/ folder still gets its help
            keys = "see prompts/moments.toml."
        for param in self.params:
            if param.name == moments.id and isinstance(param, TyperOption):
                param.help = f"{moments.summary}{_MORE_HELP[MOMENTS]} {keys}"
        super().format_help(ctx, formatter)


def checkin(
    private: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FIELD",
            help=f"Keep an answer out of exports and sync (repeatable): {_PRIVATE_NAMES}.",
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
        typer.Option(
            "--as",
            metavar="NAME",
            help="Who is checking in (default: you): you, your partner, or someone with "
            "check-ins here.",
        ),
    ] = None,
    new_person: Annotated[
        bool,
        typer.Option("--new-person", help="Let --as name someone this home does not know yet."),
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite an existing entry for that day.")
    ] = False,
    **given: Any,
) -> None:
    """The nightly check-in: a few questions, a minute or two.

    With a terminal and no answer options it asks; any answer option means it
    does not ask, and then --score is required.
    """
    import datetime as dt

    from closeness.core import days, people
    from closeness.core.entries import make_entry
    from closeness.ritual import checkin as ritual
    from closeness.ritual.drafts import Draft
    from closeness.store import files
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    today = days.day_for(dt.datetime.now(), settings.day_starts_at)
    person = people.resolve_person(as_, settings, "--as name")
    day = ritual.resolve_day(date, today, "--date")
    if as_ is not None and not new_person:
        try:
            ritual.require_known_person(home, settings, person)
        except UnknownPerson as exc:
            raise ClosenessError(
                f"This home does not know {exc.person}; it knows {', '.join(exc.known)}.",
                hint="Check the spelling, or add --new-person to check in as someone new.",
            ) from None
    partner = people.partner_of(person, settings, prompts.text("setup", "common", "partner"))
    if any(value is not None for value in given.values()) or private:
        answers = _answers_from_options(given, private or [], prompts.moment_keys)
        # Validated in full before the database is opened.
        entry = make_entry(person, day, answers, now=days.utc_now())
        with open_store(home) as store:
            # --deeper answers the question of that day, chosen as a terminal would ask it.
            entry = ritual.with_deeper_question(store, prompts, entry, partner, today=today)
            try:
                result = ritual.save_checkin(store, entry, replace=replace, today=today)
            except AlreadyCheckedIn as exc:
                raise ClosenessError(
                    f"{exc.person} already checked in for {exc.day}; --replace overwrites it."
                ) from None
        Draft(home, person, day).discard()  # saved: a draft of that day is done with
        output.saved()
    else:
        output.require_terminal("pass the answers as options, e.g. --score 7 (see --help).")
        with open_store(home) as store:
            asked = ritual.checkin_interactively(
                store, output.asker(prompts), prompts, person, day, partner,
                replace=replace, today=today, draft=Draft(home, person, day),
            )  # fmt: skip
        if asked is None:
            return
        output.saved()
        result = asked
    lines = ritual.confirmation(
        result, prompts, partner, set_up=settings.name is not None, today=today
    )
    output.say(lines[0], fg="green", bold=True)
    for line in lines[1:]:
        output.say(line)
    _reveal(home, prompts, settings, result.entry, partner, today)
    _year_ago(home, prompts, settings, result.entry, today)


def _year_ago(
    home: Path, prompts: Prompts, settings: Settings, yours: Entry, today: dt.date
) -> None:
    """In the check-in's confirmation: one appreciation written a year
    before today, when there is one (your partner's about you first)."""
    from closeness.review.appreciations import partners, year_ago_for
    from closeness.store.database import open_store

    if yours.day != today:  # "a year ago today" is for tonight's check-in
        return
    with open_store(home, readonly=True) as store:
        generic = prompts.text("setup", "common", "partner")
        found = year_ago_for(store, yours.person, today, partners(store, settings, generic))
    if found is None:
        return
    output.say("")
    output.say(
        prompts.text(
            "talk",
            "archive",
            "checkin_year_ago",
            person=output.printable_name(found.person),
            partner=output.printable_name(found.partner),
            appreciation=output.printable_name(found.text),
        )
    )


def _reveal(
    home: Path, prompts: Prompts, settings: Settings, yours: Entry, partner: str, today: dt.date
) -> None:
    """The reveal: the partner's answers for the day just checked in, hidden
    until now, as `show` prints them; or that they have not checked in yet."""
    from closeness.core import days
    from closeness.ritual.checkin import revealed
    from closeness.store.database import open_store

    with open_store(home, readonly=True) as store:
        theirs = revealed(store, yours.person, yours.day, today)
    if theirs is None:  # an older day: nothing was hidden, nothing to reveal
        return
    if not theirs:
        if settings.partner:  # with nobody set up as your partner, nobody to wait for
            when = days.friendly(yours.day)
            output.say(prompts.text("checkin", "reveal", "waiting", partner=partner, day=when))
        return
    import shutil

    from closeness.ui.plain import someone_elses_day  # not Rich: twice the check-in's time

    width = min(shutil.get_terminal_size((80, 24)).columns, 500)
    for entry in theirs:
        output.say("")
        name = output.printable_name(entry.person)
        output.say(prompts.text("checkin", "reveal", "intro", person=name), bold=True)
        output.say(someone_elses_day(entry, prompts, width))


def _answers_from_options(
    given: dict[str, Any], private: list[str], moment_keys: tuple[str, ...]
) -> dict[str, Any]:
    """The answers as make_entry takes them, by answer id; an option's value
    is checked here where the check names the option."""
    from closeness.core.validate import parse_moments, parse_need, parse_private

    score = next(a for a in ANSWERS if a.kind == SCORE)
    if given.get(score.id) is None:
        raise UsageProblem(f"{option_of(score)} is required when answers are given as options.")
    answers: dict[str, Any] = {}
    for answer in ANSWERS:
        value = given.get(answer.id)
        if answer.kind == NEED:
            value = None if value is None else parse_need(value, option_of(answer))
        elif answer.kind == MOMENTS:
            value = parse_moments(value or (), moment_keys)
        answers[answer.id] = value
    answers["private"] = parse_private(private, "--private", ALIASES)
    return answers


def _answer_option(answer: Answer) -> inspect.Parameter:
    kind = list[str] if answer.kind == MOMENTS else str
    option = typer.Option(
        option_of(answer),
        *(f"--{alias}" for alias in answer.aliases),
        metavar=_METAVARS.get(answer.kind, "TEXT"),
        help=answer.summary + _MORE_HELP.get(answer.kind, ""),
    )
    return inspect.Parameter(
        answer.id,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[kind | None, option],
    )


def _with_answer_options(command: Any) -> None:
    """Give `command` one option per answer, first and in the registry's
    order, in place of its `**given`: Typer reads the signature."""
    declared = inspect.signature(command, eval_str=True).parameters.values()
    rest = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for p in declared
        if p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    parameters = [*(_answer_option(a) for a in ANSWERS), *rest]
    command.__signature__ = inspect.Signature(parameters)
    command.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}


_with_answer_options(checkin)
checkin.command_class = CheckinCommand  # type: ignore[attr-defined]  # read by cli/app.py
