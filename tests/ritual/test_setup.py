"""`init` as a flow behind the Asker protocol: saving the settings, and what
happens to check-ins stored under the old name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from closeness.core.models import Entry
from closeness.core.people import login_name
from closeness.core.prompts import load_prompts
from closeness.core.settings import Settings
from closeness.ritual.setup import set_up
from closeness.store.config import load_settings, save_settings
from closeness.store.database import open_store

PROMPTS = load_prompts()
NOW = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)


class Confirms:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self.asked.append(message)
        return self.answer


def with_checkins(home: Path, person: str, count: int) -> None:
    with open_store(home) as store:
        for n in range(count):
            day = dt.date(2026, 11, 1) + dt.timedelta(days=n)
            store.save_entry(Entry(person, day, 7, created_at=NOW, updated_at=NOW), replace=False)


def names(home: Path) -> dict[str, int]:
    with open_store(home, readonly=True) as store:
        return {name: store.count_entries(name) for name in store.people()}


def test_first_setup_moves_checkins_made_under_the_login_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with_checkins(home, login_name(), 3)
    done = set_up(home, PROMPTS, Settings(), Settings("Sam", "Alex"), None)
    assert (done.old, done.new, done.moved, done.left) == (login_name(), "Sam", 3, 0)
    assert names(home) == {"Sam": 3}
    assert load_settings(home) == Settings("Sam", "Alex")


def test_a_changed_name_asks_before_moving(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with_checkins(home, "Sam", 2)
    asker = Confirms(False)
    done = set_up(home, PROMPTS, Settings("Sam"), Settings("Samuel"), asker)  # type: ignore[arg-type]
    assert asker.asked and (done.moved, done.left) == (0, 0)
    assert names(home) == {"Sam": 2} and load_settings(home).name == "Samuel"

    asker = Confirms(True)
    done = set_up(home, PROMPTS, Settings("Samuel"), Settings("Sam"), asker)  # type: ignore[arg-type]
    assert not asker.asked and done.moved == 0  # back to the name they are under


def test_without_a_terminal_a_changed_name_leaves_the_checkins(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with_checkins(home, "Sam", 2)
    done = set_up(home, PROMPTS, Settings("Sam"), Settings("Alex"), None)
    assert (done.moved, done.left) == (0, 2)
    assert names(home) == {"Sam": 2} and load_settings(home).name == "Alex"


def test_checkins_never_merge_into_a_name_that_has_its_own(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with_checkins(home, login_name(), 2)
    with_checkins(home, "Sam", 1)
    done = set_up(home, PROMPTS, Settings(), Settings("Sam"), None)
    assert (done.moved, done.left) == (0, 0)
    assert names(home) == {"Sam": 1, login_name(): 2}


def test_init_again_finishes_a_rename_an_earlier_version_left_half_done(tmp_path: Path) -> None:
    """closeness 0.1.0 wrote config.toml before the move committed: a failed
    commit left the config naming Sam and the check-ins under the login
    name. Running init again with that name moves them, as a first init
    would have."""
    home = tmp_path / "home"
    with_checkins(home, login_name(), 3)
    save_settings(home, Settings("Sam", "Alex"))
    done = set_up(home, PROMPTS, Settings("Sam", "Alex"), Settings("Sam", "Alex"), None)
    assert (done.old, done.new, done.moved, done.left) == (login_name(), "Sam", 3, 0)
    assert names(home) == {"Sam": 3}
    assert load_settings(home) == Settings("Sam", "Alex")
    # Once done, running init again moves nothing more.
    again = set_up(home, PROMPTS, Settings("Sam", "Alex"), Settings("Sam", "Alex"), None)
    assert (again.moved, again.left) == (0, 0) and names(home) == {"Sam": 3}


def test_the_half_done_rename_is_never_finished_into_a_name_with_its_own(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with_checkins(home, login_name(), 3)
    with_checkins(home, "Sam", 1)
    done = set_up(home, PROMPTS, Settings("Sam"), Settings("Sam"), None)
    assert (done.moved, done.left) == (0, 0)
    assert names(home) == {"Sam": 1, login_name(): 3}


def test_init_again_leaves_your_own_checkins_where_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Your login name and your name may differ only in case ("sam", Sam):
    a later init (another hour, a partner) has nothing to move or ask."""
    monkeypatch.setenv("LOGNAME", "sam")
    monkeypatch.setenv("USER", "sam")
    home = tmp_path / "home"
    with_checkins(home, "Sam", 2)
    asker = Confirms(True)
    done = set_up(home, PROMPTS, Settings("Sam"), Settings("Sam", "Alex", 5), asker)  # type: ignore[arg-type]
    assert not asker.asked and (done.moved, done.left) == (0, 0)
    assert names(home) == {"Sam": 2}
