"""The insights (review/insights.py) in words: a section of `review
--month`, and lines of `talk`. Observations, worded in prompts/talk.toml."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from closeness.core.prompts import Prompts
from closeness.core.terminal_text import printable
from closeness.review.insights import MomentInsight
from closeness.ui.layout import Block, Page, indented

INDENT = 2
REVIEW_SHOWN = 3  # moment insights in the month's review, the largest first


def moment_lines(
    insights: Sequence[MomentInsight], prompts: Prompts, *, caveat: bool = True
) -> list[Text]:
    """One line per insight, then (with `caveat`) what they are and are not;
    nothing without insights."""
    lines = []
    for found in insights:
        moment = printable(prompts.moment_label(found.moment), one_line=True)
        line = prompts.text(
            "talk",
            "noticed",
            "moment",
            person=printable(found.person, one_line=True),
            moment=moment[:1].lower() + moment[1:],
            with_average=f"{found.with_average:.1f}",
            with_days=found.with_days,
            without_average=f"{found.without_average:.1f}",
            without_days=found.without_days,
        )
        lines.append(Text(line))
    if lines and caveat:
        lines.append(Text(prompts.text("talk", "noticed", "caveat"), style="dim"))
    return lines


def insight_page(insights: Sequence[MomentInsight], prompts: Prompts, *, width: int) -> Page:
    """The month's review's section: a blank line, its heading and the
    largest few insights (an empty page when there are none)."""
    lines = moment_lines(insights[:REVIEW_SHOWN], prompts)
    if not lines:
        return Page([])
    heading = Text(prompts.text("talk", "heading", "noticed"), style="bold")
    return Page(
        [Block(Text(), width), Block(heading, width)]
        + [indented(line, width, INDENT) for line in lines]
    )
