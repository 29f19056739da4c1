"""Who you are and when your day starts: the settings `config.toml` holds
(read and written by store/config.py)."""

from __future__ import annotations

from typing import NamedTuple

from closeness.core.validate import clean_name, parse_day_start

DEFAULT_DAY_STARTS_AT = 4


class Settings(NamedTuple):
    name: str | None = None
    partner: str | None = None
    day_starts_at: int = DEFAULT_DAY_STARTS_AT
    sync_dir: str | None = None  # the shared folder `closeness sync` uses, as given
    # What `closeness remind --at` installed, as "BACKEND HH:MM" (rhythm/remind.py).
    reminder: str | None = None


def updated_settings(
    current: Settings,
    *,
    name: str | None = None,
    partner: str | None = None,
    day_starts_at: str | None = None,
) -> Settings:
    """`current` with the values given; what is not given stays. A name is
    needed the first time (clean_name refuses none)."""
    return current._replace(
        name=clean_name(name if name is not None else current.name, "name"),
        partner=clean_name(partner, "partner") if partner is not None else current.partner,
        day_starts_at=(
            parse_day_start(day_starts_at) if day_starts_at is not None else current.day_starts_at
        ),
    )
