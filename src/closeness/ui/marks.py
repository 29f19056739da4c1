"""The signs the chart and the words of `closeness review` share, so that
nothing is carried by colour alone: a day worth a conversation is a "!", a
trend an arrow, and a score's colour follows the guidance's bands."""

from __future__ import annotations

from closeness.review.compute import GOOD_DAY, HARD_DAY

MARK = "!"  # worth a conversation
ARROWS = {"up": "↑", "down": "↓", "same": "→"}


def score_style(score: float) -> str:
    # The same bands as the guidance: good days green, hard days yellow.
    if score >= GOOD_DAY:
        return "green"
    if score <= HARD_DAY:
        return "yellow"
    return "cyan"
