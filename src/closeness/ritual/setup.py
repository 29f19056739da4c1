"""Setting up (`init`): saving who you are, and what happens to your
check-ins when your name changes."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from closeness.core import people
from closeness.core.asking import Asker
from closeness.core.errors import StorageError
from closeness.core.prompts import Prompts
from closeness.core.settings import Settings
from closeness.core.validate import person_key
from closeness.store.config import save_settings, staged_settings
from closeness.store.database import Store, open_store


class SetUp(NamedTuple):
    """What saving the settings did to the check-ins stored under your old name."""

    old: str
    new: str
    moved: int  # check-ins now under the new name
    left: int  # check-ins that stayed under the old name

    @property
    def words(self) -> dict[str, object]:
        return {"old": self.old, "new": self.new, "count": self.moved or self.left}


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


def set_up(
    home: Path, prompts: Prompts, current: Settings, settings: Settings, asker: Asker | None
) -> SetUp:
    """Save the settings; your earlier check-ins follow a change of name.
    Those made before `init` (under the login name) move on their own; when a
    configured name changes, `asker` is asked first, and without one (no
    terminal) they stay where they are, as that may be your partner setting
    up by mistake.

    The move and the new config.toml are one outcome: the config is written
    to a temp file first, the move commits, and only then is the config
    renamed into place. A failed commit (a full disk) changes neither; a
    failed rename says what did change. An init cut short between the two
    (killed after the commit) is finished by running it again: your
    check-ins are already under the new name. So is one an earlier version
    left the other way round (config naming you, your check-ins still under
    the login name): running init again with that name moves them."""
    login = people.login_name()
    old, new = current.name or login, settings.name or ""
    configured = current.name is not None  # a configured name changing: ask, or leave
    with open_store(home, readonly=True) as store:
        count = entries_to_move(store, old, new)
        if (
            not count
            and configured
            and person_key(old) == person_key(new)
            and person_key(login) != person_key(new)  # not your own check-ins again
        ):
            old, configured = login, False
            count = entries_to_move(store, login, new)
    if count and asker is not None:
        question = prompts.text("setup", "init", "move", old=old, new=new, count=count)
        if not asker.confirm(question, default=True):
            count = 0
    elif count and configured:
        save_settings(home, settings)
        return SetUp(old, new, moved=0, left=count)
    if not count:
        save_settings(home, settings)
        return SetUp(old, new, moved=0, left=0)
    moved: int | None = None
    with open_store(home) as store:
        try:
            with staged_settings(home, settings):
                moved = store.rename_person(old, new)
        except StorageError as exc:
            if moved is None:  # the move did not commit: nothing changed
                raise
            raise StorageError(
                f"Your check-ins moved from {old} to {new} ({moved}), but the settings "
                f"were not saved: {exc.message}",
                hint="Run `closeness init` again to finish.",
            ) from exc
    return SetUp(old, new, moved=moved, left=0)
