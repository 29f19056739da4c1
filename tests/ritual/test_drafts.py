"""The draft's lifecycle, on a real database and a real home, with a scripted
asker that answers question by question as the terminal's does: a Ctrl-C
keeps the answers so far (and nothing in the database), the next check-in
for that day offers to continue, "no" discards, saving removes the draft,
and a damaged draft is one line, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from askers import AsksOnlyTheCheckin

from closeness.core.errors import Cancelled
from closeness.core.models import DeeperQuestion, Entry
from closeness.core.prompts import load_prompts
from closeness.ritual.checkin import checkin_interactively
from closeness.ritual.drafts import Draft
from closeness.store.database import Store, open_store
from conftest import Result, db_rows

PROMPTS = load_prompts()
TODAY = dt.date(2026, 11, 20)
WHEN = "Friday 20 November"
TYPED = {"closeness": 7, "best": "Dinner together", "challenge": "Late train", "note": "Soup"}
CANCELLED = PROMPTS.text("setup", "common", "cancelled")


class Typist(AsksOnlyTheCheckin):
    """An Asker answering each question in turn from `typed` (Enter, an
    empty answer, for the others), and pressing Ctrl-C at `stop_at`."""

    def __init__(
        self, *, confirms: list[bool] | None = None, stop_at: str | None = None,
        interrupt: type[BaseException] = Cancelled,
    ) -> None:  # fmt: skip
        super().__init__()
        self.confirms = list(confirms or [])
        self.stop_at = stop_at
        self.interrupt = interrupt
        self.offered: list[str] = []
        self.asked: list[str] = []

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self.offered.append(message)
        assert default is True  # continuing is what Enter does
        return self.confirms.pop(0)

    def checkin(
        self,
        partner: str,
        previous: Entry | None,
        *,
        deeper: DeeperQuestion | None = None,
        past: bool = False,
        answers: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        answers = {} if answers is None else answers
        for question in PROMPTS.questions:
            if question.id in answers or (question.id == "deeper" and deeper is None):
                continue
            if question.id == self.stop_at:
                raise self.interrupt(CANCELLED) if self.interrupt is Cancelled else self.interrupt()
            self.asked.append(question.id)
            empty: Any = {"need": None, "moments": (), "private": frozenset()}.get(question.id, "")
            answers[question.id] = TYPED.get(question.id, empty)
        return answers


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with open_store(home) as opened:
        yield opened


def check_in(
    store: Store, home: Path, typist: Typist, *, person: str = "Sam", day: dt.date = TODAY
) -> Any:
    return checkin_interactively(
        store, typist, PROMPTS, person, day, "Alex",
        replace=False, today=TODAY, draft=Draft(home, person, day),
    )  # fmt: skip


def stop_after_best(store: Store, home: Path) -> Cancelled:
    with pytest.raises(Cancelled) as stopped:
        check_in(store, home, Typist(stop_at="challenge"))
    return stopped.value


def test_ctrl_c_keeps_the_answers_so_far_in_a_private_draft_and_stores_nothing(
    store: Store, home: Path
) -> None:
    stopped = stop_after_best(store, home)
    assert stopped.exit_code == 130
    assert stopped.message == PROMPTS.text("checkin", "draft", "kept", date=WHEN)
    assert db_rows(home) == []
    draft = Draft(home, "Sam", TODAY)
    assert stat.S_IMODE(draft.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(draft.path.parent.stat().st_mode) == 0o700
    assert draft.load() == {"closeness": 7, "best": "Dinner together"}
    assert [p.name for p in draft.path.parent.iterdir()] == [draft.path.name]  # no temp left


def test_the_next_checkin_continues_where_it_stopped(store: Store, home: Path) -> None:
    stop_after_best(store, home)
    typist = Typist(confirms=[True])
    result = check_in(store, home, typist)
    assert typist.offered == [PROMPTS.text("checkin", "draft", "offer", date=WHEN)]
    assert typist.asked[0] == "challenge"  # closeness and best are not asked again
    assert "closeness" not in typist.asked and "best" not in typist.asked
    saved = store.get_entry("Sam", TODAY)
    assert saved is not None and saved == result.entry
    assert saved.closeness == 7 and saved.text("best") == "Dinner together"
    assert saved.text("note") == "Soup"
    assert not Draft(home, "Sam", TODAY).path.exists()  # saved: the draft is gone


def test_a_draft_grows_when_stopped_again(store: Store, home: Path) -> None:
    stop_after_best(store, home)
    with pytest.raises(Cancelled):
        check_in(store, home, Typist(confirms=[True], stop_at="note"))
    kept = Draft(home, "Sam", TODAY).load()
    assert kept is not None and kept["challenge"] == "Late train" and kept["closeness"] == 7


def test_no_discards_the_draft_and_starts_afresh(store: Store, home: Path) -> None:
    stop_after_best(store, home)
    typist = Typist(confirms=[False], stop_at="best")
    with pytest.raises(Cancelled) as stopped:
        check_in(store, home, typist)
    assert PROMPTS.text("checkin", "draft", "discarded") in typist.said
    assert typist.asked == ["closeness"]  # asked from the first question again
    # Stopped again after one answer: the new draft holds only that one.
    assert stopped.value.message == PROMPTS.text("checkin", "draft", "kept", date=WHEN)
    assert Draft(home, "Sam", TODAY).load() == {"closeness": 7}


def test_ctrl_c_before_any_answer_keeps_no_draft(store: Store, home: Path) -> None:
    with pytest.raises(Cancelled) as stopped:
        check_in(store, home, Typist(stop_at="closeness"))
    assert stopped.value.message == CANCELLED
    assert not (home / "drafts").exists()


def test_a_ctrl_c_between_questions_keeps_the_draft_too(store: Store, home: Path) -> None:
    with pytest.raises(Cancelled) as stopped:
        check_in(store, home, Typist(stop_at="appreciation", interrupt=KeyboardInterrupt))
    assert stopped.value.message == PROMPTS.text("checkin", "draft", "kept", date=WHEN)
    assert Draft(home, "Sam", TODAY).load() == {
        "closeness": 7, "best": "Dinner together", "challenge": "Late train",
    }  # fmt: skip


def test_a_draft_is_one_person_s_for_one_day(store: Store, home: Path) -> None:
    stop_after_best(store, home)
    for person, day in (("Alex", TODAY), ("Sam", TODAY - dt.timedelta(days=1))):
        typist = Typist()
        check_in(store, home, typist, person=person, day=day)
        assert typist.offered == [] and typist.asked[0] == "closeness"
    assert Draft(home, "sam", TODAY).load() is not None  # names compare as people do


def test_saving_the_day_with_options_removes_its_draft(
    cli: Callable[..., Result], home: Path
) -> None:
    assert cli("checkin", "--score", "5", "--date", "2026-11-19").code == 0
    from closeness.core.people import login_name

    draft = Draft(home, login_name(), dt.date(2026, 11, 20))
    draft.keep({"closeness": 3})
    other_day = Draft(home, login_name(), dt.date(2026, 11, 18))
    other_day.keep({"closeness": 4})
    assert cli("checkin", "--score", "6", "--date", "2026-11-20").code == 0
    assert not draft.path.exists()
    assert other_day.path.exists()


def test_a_draft_that_cannot_be_written_still_cancels_cleanly(store: Store, home: Path) -> None:
    (home / "drafts").write_text("a file where the folder goes")
    stopped = stop_after_best(store, home)
    assert stopped.exit_code == 130
    assert stopped.message.startswith(
        PROMPTS.text("checkin", "draft", "not_kept", problem="").rstrip()
    )
    assert db_rows(home) == []


def write_draft(home: Path, content: str | bytes) -> Path:
    path = Draft(home, "Sam", TODAY).path
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def record(**changes: Any) -> str:
    good = {
        "format": "closeness-draft", "version": 1, "person": "Sam", "day": TODAY.isoformat(),
        "answers": {"closeness": 7, "moments": ["hug"], "private": ["best"], "need": 2},
    }  # fmt: skip
    return json.dumps(good | changes)


@pytest.mark.parametrize(
    "content",
    [
        "not json {",
        b"\xff\xfe not utf-8",
        "[]",
        record(format="something-else"),
        record(version=99),
        record(person="Alex"),
        record(day="2026-11-19"),
        record(answers=[7]),
        record(answers={"closeness": 11}),
        record(answers={"closeness": "7"}),
        record(answers={"closeness": True}),
        record(answers={"need": 4}),
        record(answers={"moments": ["Not A Key"]}),
        record(answers={"private": ["closeness"]}),
        record(answers={"best": 3}),
        record(answers={"best": "x\x00y"}),
        record(answers={"no_such_question": "x"}),
        "x" * (1024 * 1024 + 1),
    ],
    ids=lambda c: (c if isinstance(c, str) else c.decode(errors="replace"))[:40],
)
def test_a_damaged_draft_is_one_line_and_left_out(
    store: Store, home: Path, content: str | bytes
) -> None:
    write_draft(home, content)
    typist = Typist()
    result = check_in(store, home, typist)
    assert typist.said[0] == PROMPTS.text("checkin", "draft", "damaged", date=WHEN)
    assert typist.offered == [] and typist.asked[0] == "closeness"
    assert result.entry.closeness == 7
    assert not Draft(home, "Sam", TODAY).path.exists()  # saved: the draft is gone


def test_a_draft_as_written_reads_back_whole(store: Store, home: Path) -> None:
    write_draft(home, record())
    assert Draft(home, "Sam", TODAY).load() == {
        "closeness": 7, "moments": ("hug",), "private": frozenset({"best"}), "need": 2,
    }  # fmt: skip


def test_a_folder_where_the_draft_goes_is_damage_not_a_crash(store: Store, home: Path) -> None:
    Draft(home, "Sam", TODAY).path.mkdir(parents=True)
    typist = Typist()
    check_in(store, home, typist)
    assert typist.said[0] == PROMPTS.text("checkin", "draft", "damaged", date=WHEN)


def test_deleting_the_day_removes_its_draft(home: Path, cli: Any) -> None:
    """A draft of an amendment (private words and all) never outlives the day."""
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    day = dt.date.today() - dt.timedelta(days=3)
    assert cli("checkin", "--score", "6", "--date", day.isoformat()).code == 0
    draft = Draft(home, "Sam", day)
    draft.keep({"closeness": 6, "note": "PRIVATE, half typed"})
    assert draft.path.exists()
    assert cli("delete", day.isoformat(), "--yes").code == 0
    assert not draft.path.exists()
