"""Who is who: your name, your partner's, whom `--as` names, and what
happens to your check-ins when your name changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from closeness.core.errors import UsageProblem
from closeness.core.validate import clean_name, person_key
from closeness.store.config import Settings

if TYPE_CHECKING:
    from closeness.store.database import Store

FALLBACK_PERSON = "me"


def login_name() -> str:
    import getpass  # only when no name is configured

    try:
        return clean_name(getpass.getuser(), "login name")
    except (OSError, KeyError, UsageProblem):
        return FALLBACK_PERSON


def resolve_person(as_name: str | None, settings: Settings) -> str:
    """--as NAME, else the configured name, else the login name."""
    if as_name is not None:
        return clean_name(as_name, "--as name")
    return settings.name or login_name()


def partner_of(person: str, settings: Settings, fallback: str) -> str:
    """Whom `person` appreciates: on a shared machine `--as` may name either
    of the configured pair."""
    if settings.partner and person_key(person) == person_key(settings.partner):
        return settings.name or fallback
    if not settings.name or person_key(person) == person_key(settings.name):
        return settings.partner or fallback
    return fallback


def entries_to_move(store: Store, old: str, new: str) -> int:
    """How many of `old`'s check-ins would follow a change of name to `new`:
    none when nothing changes, when `old` has none, or when `new` already
    has check-ins of its own (two people's days never merge)."""
    if old == new:
        return 0
    count = store.count_entries(old)
    if count and person_key(old) != person_key(new) and store.count_entries(new):
        return 0
    return count
