"""The values that flow through the program: plain frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One person's check-in for one day. Stores ids, never wording: `need` is
    1, 2, 3 or None, `moments` are moment keys, `private` names fields."""

    person: str
    day: dt.date
    closeness: int
    best: str = ""
    challenge: str = ""
    appreciation: str = ""
    need: int | None = None
    moments: tuple[str, ...] = ()
    note: str = ""
    private: frozenset[str] = field(default_factory=frozenset)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def is_private(self, field_name: str) -> bool:
        return field_name in self.private


@dataclass(frozen=True)
class SaveResult:
    entry: Entry
    replaced: bool
    streak: int
