"""Where the two of you stand today: whether each has checked in (by the
day-start hour), when the partner's data last arrived, and your streak.

Run by every new shell (`closeness status --quiet` in ~/.bashrc), so it
reads through store/glance.py: sqlite3 and a few indexed reads, nothing
created. Its budget, three times `python -c pass`, is measured by
benchmarks/bench.py; tests/cli/test_startup.py checks what it imports."""

from __future__ import annotations

import datetime as dt

from closeness.store import glance


class Person:
    """One side of the status. `checked_in` None: nothing of theirs has
    reached this home, so it cannot know; `last_synced`: when their newest
    file in the shared folder was written (None: nothing synced)."""

    __slots__ = ("checked_in", "last_synced", "name", "streak")

    def __init__(
        self,
        name: str,
        checked_in: bool | None,
        streak: int | None = None,
        last_synced: dt.datetime | None = None,
    ) -> None:
        self.name, self.checked_in = name, checked_in
        self.streak, self.last_synced = streak, last_synced


class Status:
    __slots__ = ("nothing_yet", "partner", "today", "you")

    def __init__(self, today: dt.date, you: Person, partner: Person | None, nothing_yet: bool):
        self.today, self.you, self.partner, self.nothing_yet = today, you, partner, nothing_yet

    def as_json(self) -> dict[str, object]:
        """The contract's shape of `status --json`."""
        partner = None
        if self.partner is not None:
            synced = self.partner.last_synced
            partner = {
                "name": self.partner.name,
                "checked_in": self.partner.checked_in,
                "last_synced": None if synced is None else synced.isoformat(),
            }
        return {
            "today": self.today.isoformat(),
            "you": {
                "name": self.you.name,
                "checked_in": self.you.checked_in,
                "streak": self.you.streak,
            },
            "partner": partner,
        }


def status(home: str | None = None) -> Status:
    """The status of `home` (default: the home closeness uses). Reads only;
    a home that does not exist yet is a status of nothing."""
    home = glance.home_dir() if home is None else home
    who = glance.read_who(home)
    hour = who.day_starts_at if who is not None else glance.DEFAULT_DAY_STARTS_AT
    you = who.name if who is not None and who.name else _login_name()
    partner = who.partner if who is not None else None
    day = glance.today(hour)
    store = glance.open_glance(home)
    try:
        mine = Person(you, store.checked_in(you, day), store.streak(you, day))
        theirs = None
        if partner is not None:
            synced = store.last_written(partner)
            checked_in: bool | None = store.checked_in(partner, day)
            if not checked_in and synced is None and not store.has_any(partner):
                checked_in = None  # nothing of theirs here: this home cannot know
            theirs = Person(partner, checked_in, last_synced=synced)
    finally:
        store.close()
    return Status(day, mine, theirs, nothing_yet=who is None and not store.exists)


def _login_name() -> str:
    from closeness.core.people import login_name

    return login_name()
