"""`closeness review`: how the week went, and the weekly reflection after it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from closeness.cli import output
from closeness.cli.options import DaysEnding, Json, Month, NoPager, Since, UntilToday
from closeness.core.errors import UsageProblem

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from closeness.core.prompts import Prompts
    from closeness.core.settings import Settings
    from closeness.review.compute import Review
    from closeness.review.insights import MomentInsight


def review(
    days_: DaysEnding = None,
    month: Month = False,
    since: Since = None,
    until: UntilToday = None,
    as_: Annotated[
        str | None, typer.Option("--as", metavar="NAME", help="Whose review (default: yours).")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Everyone stored, side by side (you and your partner).")
    ] = False,
    json_: Json = False,
    svg: Annotated[
        str | None, typer.Option(metavar="FILE", help="Also save the review as an SVG picture.")
    ] = None,
    reflect: Annotated[
        bool,
        typer.Option("--reflect", help="Afterwards, answer the weekly (or monthly) questions."),
    ] = False,
    no_pager: NoPager = False,
) -> None:
    """How the week went: scores, streak, needs, moments, and gentle guidance."""
    from closeness.cli.options import resolve_period
    from closeness.core import days, people
    from closeness.core.reveal import reveal
    from closeness.review.guidance import check_wording
    from closeness.review.query import everyone, read_review
    from closeness.review.talk import read_moment_insights
    from closeness.store import files
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    if as_ is not None and all_:
        raise UsageProblem("Use --as NAME or --all, not both.")
    if reflect and json_:
        raise UsageProblem("--reflect asks questions; it cannot go with --json.")
    if svg is not None and json_:
        raise UsageProblem("--svg saves the drawn review; it cannot go with --json.")
    if reflect:
        output.require_terminal("--reflect asks questions; run it in a terminal.")
    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    check_wording(prompts.advice)  # a review with --json too stops at a broken guidance.toml
    today = days.today(settings.day_starts_at)
    period = resolve_period(today, days=days_, month=month, since=since, until=until)
    svg_path = None
    if svg is not None:
        svg_path = files.output_target(output.output_path(svg, "--svg"), "--svg", home)
    you = people.resolve_person(as_, settings, "--as name")
    with open_store(home, readonly=True) as store:
        names = everyone(store, you, settings.partner) if all_ else [you]
        hidden = reveal(settings.name, today, lambda p, d: store.get_entry(p, d) is not None)
        summary = read_review(store, period, names, prompts.guidance_words, hidden)
        # A month or more drawn: what the moments and the next days show (review/insights.py).
        month_long = not json_ and period.days >= days.MONTH_DAYS
        noticed = read_moment_insights(store, period, names, hidden) if month_long else ()
    if json_:
        import json

        output.print_raw(json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _show(summary, prompts, settings, svg_path, noticed, paged=not no_pager)
    if reflect:
        from closeness.review.reflection import reflect as ask_reflection

        partner = people.partner_of(you, settings, prompts.text("setup", "common", "partner"))
        with open_store(home) as store:
            done = ask_reflection(store, output.asker(prompts), prompts, you, partner, period)
        if done == "saved":
            output.saved()
        label = days.period_label(period)
        output.say(prompts.text("reflect", "intro", done, period=label, partner=partner))


def _show(
    summary: Review,
    prompts: Prompts,
    settings: Settings,
    svg: Path | None,
    noticed: Sequence[MomentInsight] = (),
    *,
    paged: bool = True,
) -> None:
    from closeness.ui.insight_view import insight_page
    from closeness.ui.pager import paging
    from closeness.ui.render import make_console
    from closeness.ui.review_view import review_renderable

    console = make_console()
    with paging(console, enabled=paged):
        # The view is drawn without trailing spaces: no Trimmed around it.
        console.print(review_renderable(summary, prompts, settings, width=console.width))
        console.print(insight_page(noticed, prompts, width=console.width))
    if svg is not None:
        from closeness.ui.svg import SVG_WIDTH, save_svg, svg_console

        # Drawn again at a fixed width and in colour, whatever this terminal is.
        picture = svg_console(width=SVG_WIDTH)
        picture.print(review_renderable(summary, prompts, settings, width=SVG_WIDTH))
        picture.print(insight_page(noticed, prompts, width=SVG_WIDTH))
        save_svg(picture, svg)
        output.saved()  # the picture is the command's work: written, it is done
