"""How many days in a row end on a given day, found by counting ranges of
days rather than reading them: the store's streak (store/entries.py) and
status's quick read of it (store/glance.py) both walk this way. It imports
nothing, so status can use it without what the rest of core/ brings."""

from __future__ import annotations

from collections.abc import Callable


def run_ending(newest: int, count_days: Callable[[int, int], int]) -> int:
    """The days in a row ending on the day of ordinal `newest`, where
    `count_days(low, high)` counts the days from `low` to `high` (ordinals,
    both included) that have a check-in. There is one check-in per person
    per day, so a range is unbroken when its count is its length: ranges
    grow while unbroken, then shrink, and a twenty-year run is some thirty
    counts."""
    run, step, growing = 0, 1, True
    while step and newest - run >= 1:
        high = newest - run
        low = max(high - step + 1, 1)  # 1: the first day of the calendar
        unbroken = count_days(low, high) == high - low + 1
        if unbroken:
            run += high - low + 1
        if unbroken and growing:
            step *= 2
        else:
            growing, step = False, step // 2
    return run
