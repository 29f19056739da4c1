"""Who is who: your name, your partner's, and whom `--as` names."""

from __future__ import annotations

from collections.abc import Sequence

from closeness.core.errors import UsageProblem
from closeness.core.settings import Settings
from closeness.core.validate import clean_name, person_key

FALLBACK_PERSON = "me"


def login_name() -> str:
    import getpass  # only when no name is configured

    try:
        return clean_name(getpass.getuser(), "login name")
    except (OSError, KeyError, UsageProblem):
        return FALLBACK_PERSON


def resolve_person(as_name: str | None, settings: Settings, what: str = "name") -> str:
    """The name given (`--as NAME`), else the configured name, else the login name."""
    if as_name is not None:
        return clean_name(as_name, what)
    return settings.name or login_name()


def partner_of(
    person: str, settings: Settings, fallback: str, *, together: Sequence[str] = ()
) -> str:
    """Whom `person` appreciates: the other of the configured pair (on a
    shared machine `--as` may name either of you), else the one other person
    `together` with them (in a review of two), else `fallback` ("your
    partner")."""
    key = person_key(person)
    if settings.partner and key == person_key(settings.partner):
        return settings.name or fallback
    if settings.partner and (not settings.name or key == person_key(settings.name)):
        return settings.partner
    others = [name for name in together if person_key(name) != key]
    return others[0] if len(others) == 1 else fallback
