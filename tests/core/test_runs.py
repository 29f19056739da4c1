"""core/runs.py: the run of days ending on a day, found by counting ranges."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from closeness.core.runs import run_ending


def naive(days: set[int], newest: int) -> int:
    run = 0
    while newest - run in days:
        run += 1
    return run


@given(st.sets(st.integers(min_value=1, max_value=400)), st.integers(min_value=1, max_value=400))
def test_the_run_is_what_counting_day_by_day_finds(days: set[int], newest: int) -> None:
    counted = []

    def count_days(low: int, high: int) -> int:
        counted.append((low, high))
        return sum(1 for day in days if low <= day <= high)

    assert run_ending(newest, count_days) == naive(days, newest)
    assert len(counted) <= 2 * newest.bit_length() + 2  # ranges, not days


def test_a_run_back_to_the_first_day_of_the_calendar_stops_there() -> None:
    assert run_ending(5, lambda low, high: high - low + 1) == 5
