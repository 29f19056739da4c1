"""Pure computations over entries: no terminal, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def streak(days_newest_first: Iterable[dt.date], until: dt.date) -> int:
    """Consecutive days with a check-in ending at `until`, or at the day before
    it when `until` has none yet (tonight's check-in may still come).
    `days_newest_first` may go back years; only the run is read."""
    count = 0
    expected: dt.date | None = None
    for day in days_newest_first:
        if day > until:
            continue
        if expected is None:
            if day < until - dt.timedelta(days=1):
                return 0
            expected = day
        if day == expected:
            count += 1
            expected = day - dt.timedelta(days=1)
        elif day < expected:
            break
    return count
