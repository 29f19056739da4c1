"""Setting up (`init`): saving who you are, and what happens to your
check-ins when your name changes."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from closeness.core import people
from closeness.core.asking import Asker
from closeness.core.prompts import Prompts
from closeness.core.settings import Settings
from closeness.core.validate import person_key
from closeness.store.config import save_settings
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
    """Save the settings; your earlier check-ins follow a change of name in
    the same transaction. Those made before `init` (under the login name)
    move on their own; when a configured name changes, `asker` is asked
    first, and without one (no terminal) they stay where they are, as that
    may be your partner setting up by mistake."""
    old, new = current.name or people.login_name(), settings.name or ""
    with open_store(home, readonly=True) as store:
        count = entries_to_move(store, old, new)
    if count and asker is not None:
        question = prompts.text("setup", "init", "move", old=old, new=new, count=count)
        if not asker.confirm(question, default=True):
            count = 0
    elif count and current.name is not None:
        save_settings(home, settings)
        return SetUp(old, new, moved=0, left=count)
    if not count:
        save_settings(home, settings)
        return SetUp(old, new, moved=0, left=0)
    with open_store(home) as store:
        moved = store.rename_person(old, new, before_commit=lambda: save_settings(home, settings))
    return SetUp(old, new, moved=moved, left=0)
