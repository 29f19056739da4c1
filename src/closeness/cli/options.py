"""Options that several commands share, and what they mean once parsed:
the person (`--as`), the period (`--days`, `--month`, `--since`,
`--until`), the output file and the export format. The option names live
here and in the command modules, never below the CLI."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from closeness.core.errors import UsageProblem
from closeness.sharing.formats import FORMATS

if TYPE_CHECKING:
    from closeness.core.models import Period

# `--as NAME` for the commands that act on one day of one person.
AsWhose = Annotated[
    str | None, typer.Option("--as", metavar="NAME", help="Whose entry (default: yours).")
]
LastDays = Annotated[str | None, typer.Option("--days", metavar="N", help="Only the last N days.")]
Since = Annotated[str | None, typer.Option(metavar="DATE", help="First day, YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD.")]
Month = Annotated[bool, typer.Option("--month", help="The last 30 days.")]
# The period of a review or a talk: N days (default a week) ending --until.
DaysEnding = Annotated[
    str | None,
    typer.Option("--days", metavar="N", help="The N days ending at --until (default 7)."),
]
UntilToday = Annotated[
    str | None, typer.Option(metavar="DATE", help="Last day, YYYY-MM-DD (default today).")
]
Json = Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")]
# Long output goes through a pager on a terminal (ui/pager.py); this prints it straight.
NoPager = Annotated[bool, typer.Option("--no-pager", help="Print straight out, never paged.")]
Day = Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD, today or yesterday.")]
Out = Annotated[
    str | None, typer.Option(metavar="FILE", help="Write to FILE (0600) instead of stdout.")
]
_NAMES = list(FORMATS)
FormatName = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help=f"{_NAMES[0]} (default), {', '.join(_NAMES[1:-1])} or {_NAMES[-1]}.",
    ),
]


def resolve_period(
    today: dt.date,
    *,
    days: str | None = None,
    month: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> Period:
    """The period the review's options name: N days (default 7) or 30
    (--month) ending at --until (default today), or --since … --until."""
    from closeness.core.days import DEFAULT_DAYS, MONTH_DAYS, days_ending
    from closeness.core.validate import parse_date, parse_days
    from closeness.review.compute import reviewable

    if month and days is not None:
        raise UsageProblem("Use --days N or --month, not both.")
    if since is not None and (month or days is not None):
        raise UsageProblem("Use --since with --until, not with --days or --month.")
    end = parse_date(until, "--until") if until is not None else today
    if since is not None:
        return reviewable(_ordered(parse_date(since, "--since"), end))
    count = DEFAULT_DAYS if days is None else parse_days(days, "--days")
    return reviewable(days_ending(end, MONTH_DAYS if month else count))


def open_period(
    today: dt.date, *, days: str | None, since: str | None, until: str | None
) -> Period | None:
    """The period export's options name: --days N ends at --until (default
    today); otherwise --since and --until each bound one side, and what is
    not given is open. None: everything stored."""
    from closeness.core.validate import parse_date

    if days is not None:
        return resolve_period(today, days=days, since=since, until=until)
    if since is None and until is None:
        return None
    start = parse_date(since, "--since") if since is not None else dt.date.min
    end = parse_date(until, "--until") if until is not None else dt.date.max
    return _ordered(start, end)


def _ordered(start: dt.date, end: dt.date) -> Period:
    from closeness.core.models import Period

    if start > end:
        raise UsageProblem(f"--since {start} is after --until {end}.")
    return Period(start, end)
