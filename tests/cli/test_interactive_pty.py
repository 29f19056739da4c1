"""The interactive side of the CLI, the way people meet it: the installed
`closeness` script on a real pseudo-terminal, driven key by key with pexpect.

Each test checks real outcomes — the exit status, what the terminal showed,
and what is (or is not) in the database afterwards. Questions are asked by
questionary (prompt_toolkit), which redraws freely, so the tests wait for
distinctive pieces of wording (taken from prompts/, never hard-coded) rather
than whole lines.

prompt_toolkit asks the terminal where the cursor is (ESC [6n) and, without
an answer, waits a second after every question and finally prints a
"terminal doesn't support CPR" warning. Real terminal emulators answer, so
`Terminal` answers too.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest

from closeness.core import days
from closeness.core.entries import answered_fields
from closeness.core.people import login_name
from closeness.core.prompts import Prompts, load_prompts
from closeness.core.settings import DEFAULT_DAY_STARTS_AT
from closeness.core.validate import TEXT_MAX
from conftest import ROW_COLUMNS, closeness_command, db_rows

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

TIMEOUT = 10
ROWS, COLS = 24, 100
NOT_SHOWN_WITHIN = 0.5  # seconds to wait before deciding a question did not move on

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
CTRL_C = "\x03"
CTRL_Q = "\x11"  # quoted insert: the next key goes into the answer as it is
CTRL_U = "\x15"  # clear the line (answers can come pre-filled)
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"

CPR_REQUEST = re.compile(re.escape("\x1b[6n"))
CPR_ANSWER = "\x1b[1;1R"
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

PAST_DAY = "2020-05-17"  # a day well before today, for entries the tests must not touch
OTHER_PAST_DAY = "2020-05-16"

COLUMNS = tuple(ROW_COLUMNS.split(", "))


# -- helpers -------------------------------------------------------------------


def plain(text: str) -> str:
    """Terminal output without escape sequences and carriage returns."""
    return _ESCAPES.sub("", text).replace("\r", "")


def rows_as_dicts(home: Path) -> list[dict[str, object]]:
    return [dict(zip(COLUMNS, row, strict=True)) for row in db_rows(home)]


class Terminal:
    """One `closeness` process on a 24x100 pseudo-terminal."""

    def __init__(self, *args: str) -> None:
        command = closeness_command()
        env = dict(os.environ)  # CLOSENESS_HOME and NO_COLOR from the `home` fixture
        env["TERM"] = "xterm-256color"  # as in a terminal emulator, whatever CI sets
        for name in ("COLUMNS", "LINES", "PROMPT_TOOLKIT_NO_CPR"):
            env.pop(name, None)
        self.output = io.StringIO()
        self.child = pexpect.spawn(
            command[0],
            [*command[1:], *args],
            env=env,
            dimensions=(ROWS, COLS),
            timeout=TIMEOUT,
            encoding="utf-8",
            codec_errors="replace",
        )
        self.child.logfile_read = self.output

    @property
    def transcript(self) -> str:
        """Everything the program wrote to the terminal so far, raw."""
        return self.output.getvalue()

    def _expect(self, patterns: list[object], timeout: float) -> int:
        """Wait for one of `patterns`, answering cursor-position requests."""
        while True:
            index = self.child.expect([CPR_REQUEST, *patterns], timeout=timeout)
            if index == 0:
                self.child.send(CPR_ANSWER)
                continue
            return index - 1

    def wait_for(self, text: str, *, timeout: float = TIMEOUT) -> None:
        self._expect([re.compile(re.escape(text))], timeout)

    def wait_for_regex(self, pattern: str, *, timeout: float = TIMEOUT) -> None:
        self._expect([re.compile(pattern)], timeout)

    def wait_for_any(self, *texts: str, timeout: float = TIMEOUT) -> int:
        return self._expect([re.compile(re.escape(t)) for t in texts], timeout)

    def shows_within(self, text: str, seconds: float) -> bool:
        """Whether `text` appears within `seconds` (False when it does not)."""
        return self._expect([re.compile(re.escape(text)), pexpect.TIMEOUT], seconds) == 0

    def answer(self, question: str, keys: str) -> None:
        """Wait until `question` is on screen, then type `keys`."""
        self.wait_for(question)
        self.child.send(keys)

    def interrupt(self, question: str) -> None:
        """Ctrl-C once `question` is on screen."""
        self.wait_for(question)
        self.child.sendintr()

    def finish(self) -> int:
        """Wait for the program to end; its exit status."""
        self._expect([pexpect.EOF], TIMEOUT)
        self.child.close()
        assert self.child.signalstatus is None, f"killed by signal {self.child.signalstatus}"
        for crash in ("Traceback", "Unhandled exception"):
            assert crash not in self.transcript
        return self.child.exitstatus

    def last_line(self) -> str:
        lines = [line.strip() for line in plain(self.transcript).split("\n")]
        return next(line for line in reversed(lines) if line)

    def stop(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close(force=True)


@pytest.fixture
def terminal() -> Iterator[Callable[..., Terminal]]:
    """Start `closeness ARGS` on a pty; every process is stopped afterwards."""
    started: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal(*args)
        started.append(term)
        return term

    yield start
    for term in started:
        term.stop()


@pytest.fixture(scope="module")
def words() -> Prompts:
    return load_prompts()


def question(words: Prompts, qid: str, partner: str | None = None) -> str:
    who = partner if partner is not None else words.text("setup", "common", "partner")
    return words.question(qid).message.format(partner=who)


def check_in_order(words: Prompts) -> list[str]:
    return [q.id for q in words.questions]


def shown_with_default(message: str, default: str) -> str:
    """A regex: `message` on screen with `default` already typed in its answer."""
    return re.escape(message) + r"[^\r\n]*?\s(?:\x1b\[[0-9;]*m)*" + re.escape(default)


def tick(positions: list[int]) -> str:
    """Keys that tick the checkbox choices at `positions` (0 = first), then Enter."""
    keys, at = "", 0
    for position in sorted(positions):
        keys += DOWN * (position - at) + SPACE
        at = position
    return keys + ENTER


def enter_through(term: Terminal, words: Prompts, after: str, partner: str | None = None) -> None:
    """Press Enter (keep the default / skip) at every check-in question after `after`."""
    ids = check_in_order(words)
    for qid in ids[ids.index(after) + 1 :]:
        term.answer(question(words, qid, partner), ENTER)


def today_range(day_starts_at: int = DEFAULT_DAY_STARTS_AT) -> Callable[[], set[str]]:
    """Today (by the day-start hour) now and when called again: a test that
    straddles the start of a day accepts either."""
    before = days.today(day_starts_at)
    return lambda: {before.isoformat(), days.today(day_starts_at).isoformat()}


# -- 1. the full ritual --------------------------------------------------------


def test_full_checkin_answering_every_question(terminal, home, words, run):
    partner = words.text("setup", "common", "partner")
    answers = {
        "closeness": 7,
        "best": "We cooked dinner together",
        "challenge": "Work ran late again",
        "appreciation": "The tea you made me",
        "need": 2,
        "moments": ["hug", "walk"],
        "note": "Ask about Friday",
    }
    private_field = "appreciation"
    offered_private = list(answered_fields(answers))
    moment_positions = [words.moment_keys.index(key) for key in answers["moments"]]
    today = today_range()

    term = terminal("checkin")
    term.wait_for(words.text("checkin", "intro", "help"))
    term.answer(question(words, "closeness"), f"{answers['closeness']}{ENTER}")
    term.answer(question(words, "best"), f"{answers['best']}{ENTER}")
    term.answer(question(words, "challenge"), f"{answers['challenge']}{ENTER}")
    term.answer(question(words, "appreciation"), f"{answers['appreciation']}{ENTER}")
    term.wait_for(question(words, "need"))
    term.wait_for(words.no_need_label)  # the whole list is drawn
    term.child.send(f"{answers['need']}{ENTER}")  # the digit shortcut, then Enter
    term.answer(question(words, "moments"), tick(moment_positions))
    term.answer(question(words, "deeper"), ENTER)  # its lead-in; Enter skips the question
    term.answer(question(words, "note"), f"{answers['note']}{ENTER}")
    term.answer(question(words, "private"), tick([offered_private.index(private_field)]))
    assert term.finish() == 0

    [row] = rows_as_dicts(home)
    assert row["day"] in today()
    assert row["person"] == login_name()
    assert {k: row[k] for k in ("closeness", "best", "challenge", "appreciation", "note")} == {
        k: answers[k] for k in ("closeness", "best", "challenge", "appreciation", "note")
    }
    assert row["need"] == 2
    assert json.loads(str(row["moments"])) == ["hug", "walk"]
    assert json.loads(str(row["private"])) == [private_field]

    shown = plain(term.transcript)
    day = dt.date.fromisoformat(str(row["day"]))
    assert words.text("checkin", "intro", "title", day=days.friendly(day)) in shown
    for level in words.needs:  # the support levels were offered by their labels
        assert level.label in shown
    assert words.text("checkin", "saved", "title", day=days.friendly(day)) in shown
    said = words.text(
        "checkin", "saved", "appreciation", partner=partner, appreciation=answers["appreciation"]
    )
    assert said in shown
    assert "Traceback" not in shown

    # What was stored reads back the same way, the private answer marked.
    result = run("show", str(row["day"]))
    assert result.code == 0, result.err
    assert answers["best"] in result.out
    assert words.need_label(2) in result.out
    assert f"{words.field_label('appreciation')} ({words.field_label('private')})" in result.out
    for key in answers["moments"]:
        assert words.moment_label(key) in result.out


# -- 2. Ctrl-C stores nothing --------------------------------------------------


@pytest.mark.parametrize(
    "stop_at",
    ["closeness", "appreciation", "need", "moments", "private"],
    ids=lambda qid: f"at-{qid}",
)
def test_ctrl_c_stores_nothing_and_exits_130(terminal, home, words, run, stop_at):
    earlier = run("checkin", "--score", "5", "--best", "Older day", "--date", PAST_DAY)
    assert earlier.code == 0, earlier.err
    before = db_rows(home)
    typed = {"closeness": f"7{ENTER}", "best": f"Something good{ENTER}"}

    term = terminal("checkin")
    for qid in check_in_order(words):
        if qid == stop_at:
            term.interrupt(question(words, qid))
            break
        term.answer(question(words, qid), typed.get(qid, ENTER))
    assert term.finish() == 130

    assert db_rows(home) == before
    # Once something was answered, it is kept as a draft (tests/cli/test_drafts_pty.py).
    day = days.friendly(dt.date.fromisoformat(min(today_range()())))
    kept = words.text("checkin", "draft", "kept", date=day)
    cancelled = words.text("setup", "common", "cancelled") if stop_at == "closeness" else kept
    assert term.last_line().endswith(cancelled)
    assert plain(term.transcript).count(cancelled) == 1
    assert "Traceback" not in term.transcript
    saved_title = words.texts["checkin"]["saved"]["title"].split("{")[0]
    assert saved_title not in term.transcript


# -- 3. a second check-in the same day -----------------------------------------


OLD = {
    "closeness": 6,
    "best": "Old best",
    "challenge": "Old challenge",
    "appreciation": "Old tea",
    "need": 3,
    "moments": ["hug", "walk"],
    "note": "Old note",
    "private": ["note"],
}


def check_in_old_answers(run) -> None:
    result = run(
        "checkin",
        *("--score", str(OLD["closeness"]), "--best", OLD["best"]),
        *("--challenge", OLD["challenge"], "--appreciation", OLD["appreciation"]),
        *("--need", str(OLD["need"]), "--moment", "walk", "--moment", "hug"),
        *("--note", OLD["note"], "--private", "note"),
    )
    assert result.code == 0, result.err


def test_second_checkin_amends_with_the_old_answers_as_defaults(terminal, home, words, run):
    check_in_old_answers(run)
    [before] = rows_as_dicts(home)
    day = dt.date.fromisoformat(str(before["day"]))

    term = terminal("checkin")
    amend = words.text(
        "checkin", "amend", "message", person=before["person"], date=days.friendly(day)
    )
    term.answer(amend, "y")
    # Each text question shows the stored answer, ready to keep with Enter.
    term.wait_for_regex(shown_with_default(question(words, "closeness"), str(OLD["closeness"])))
    term.child.send(ENTER)
    term.wait_for_regex(shown_with_default(question(words, "best"), OLD["best"]))
    term.child.send(f"{CTRL_U}A new best part{ENTER}")
    term.wait_for_regex(shown_with_default(question(words, "challenge"), OLD["challenge"]))
    term.child.send(ENTER)
    term.wait_for_regex(shown_with_default(question(words, "appreciation"), OLD["appreciation"]))
    term.child.send(ENTER)
    term.answer(question(words, "need"), ENTER)
    term.answer(question(words, "moments"), ENTER)
    term.answer(question(words, "deeper"), ENTER)
    term.wait_for_regex(shown_with_default(question(words, "note"), OLD["note"]))
    term.child.send(ENTER)
    term.answer(question(words, "private"), ENTER)
    assert term.finish() == 0

    [after] = rows_as_dicts(home)
    assert after["best"] == "A new best part"
    unchanged = [c for c in COLUMNS if c not in ("best", "updated_at")]
    assert {c: after[c] for c in unchanged} == {c: before[c] for c in unchanged}
    assert str(after["updated_at"]) >= str(before["updated_at"])
    shown = plain(term.transcript)
    assert words.text("checkin", "saved", "updated", day=days.friendly(day)) in shown
    assert words.text("checkin", "intro", "amend_help") in shown
    assert f"“{OLD['appreciation']}”" in shown


@pytest.mark.parametrize(("key", "status"), [("n", 0), (CTRL_C, 130)], ids=["answer-no", "ctrl-c"])
def test_second_checkin_declined_leaves_the_entry_unchanged(
    terminal, home, words, run, key, status
):
    check_in_old_answers(run)
    before = db_rows(home)
    day = days.friendly(dt.date.fromisoformat(str(before[0][2])))

    term = terminal("checkin")
    amend = words.text("checkin", "amend", "message", person=before[0][1], date=day)
    term.answer(amend, key)
    assert term.finish() == status

    assert db_rows(home) == before
    if status == 0:
        assert term.last_line() == words.text("checkin", "amend", "kept", date=day)
    else:
        assert term.last_line().endswith(words.text("setup", "common", "cancelled"))
    assert question(words, "closeness") not in term.transcript  # no question was asked


# -- 4. an invalid score is refused at the question ----------------------------


@pytest.mark.parametrize(
    "invalid",
    [["11"], ["abc"], ["0"], [""], ["11", "abc", "-3"]],
    ids=["eleven", "letters", "zero", "empty", "several"],
)
def test_invalid_score_is_refused_until_a_valid_one(terminal, home, words, invalid):
    message = words.text("checkin", "invalid", "score")
    term = terminal("checkin")
    term.wait_for(question(words, "closeness"))
    for attempt, text in enumerate(invalid):
        term.child.send(f"{CTRL_U}{text}{ENTER}")
        if attempt == 0:
            term.wait_for(message)  # still on screen for the attempts after it
        assert not term.shows_within(question(words, "best"), NOT_SHOWN_WITHIN)
    assert plain(term.transcript).count(question(words, "best")) == 0
    term.child.send(f"{CTRL_U}8{ENTER}")
    term.answer(question(words, "best"), f"Fine{ENTER}")
    enter_through(term, words, after="best")
    assert term.finish() == 0

    [row] = rows_as_dicts(home)
    assert (row["closeness"], row["best"]) == (8, "Fine")


def test_superscript_digit_score_gets_the_validation_message(terminal, home, words):
    # '²' is a key of its own on French AZERTY keyboards, next to 1. It is a
    # digit to str.isdigit() but not to int(): once it made the validator
    # itself raise, and prompt_toolkit printed a traceback and "Press ENTER".
    term = terminal("checkin")
    term.answer(question(words, "closeness"), "²")
    seen = term.wait_for_any(
        words.text("checkin", "invalid", "score"), "Unhandled exception", "Press ENTER"
    )
    assert seen == 0, "a traceback instead of the validation message"
    term.child.send(ENTER)
    assert not term.shows_within(question(words, "best"), NOT_SHOWN_WITHIN)
    term.child.send(f"{CTRL_U}8{ENTER}")
    term.interrupt(question(words, "best"))
    assert term.finish() == 130
    assert "Unhandled exception" not in term.transcript
    assert db_rows(home) == []


# -- 5. init -------------------------------------------------------------------


def run_init(terminal, words: Prompts, name: str, partner: str, hour: str) -> Terminal:
    init = words.texts["setup"]["init"]
    term = terminal("init")
    term.answer(init["name"], f"{CTRL_U}{name}{ENTER}")  # pre-filled with the login name
    term.answer(init["partner"], f"{partner}{ENTER}")
    term.answer(init["day_starts_at"], f"{CTRL_U}{hour}{ENTER}")  # pre-filled with 4
    return term


def test_init_asks_writes_a_private_config_and_names_the_partner(terminal, home, words):
    term = run_init(terminal, words, "Sam", "Alex", "5")
    assert term.finish() == 0
    assert term.last_line() == words.text("setup", "init", "saved")

    config = home / "config.toml"
    assert config.stat().st_mode & 0o777 == 0o600
    assert home.stat().st_mode & 0o777 == 0o700
    assert tomllib.loads(config.read_text(encoding="utf-8")) == {
        "name": "Sam",
        "partner": "Alex",
        "day_starts_at": 5,
    }

    today = today_range(5)
    term = terminal("checkin")
    term.answer(question(words, "closeness", "Alex"), f"9{ENTER}")
    term.answer(question(words, "best"), ENTER)
    term.answer(question(words, "challenge"), ENTER)
    term.answer(question(words, "appreciation", "Alex"), f"The walk{ENTER}")
    enter_through(term, words, after="appreciation", partner="Alex")
    assert term.finish() == 0

    assert words.text("setup", "common", "partner") not in plain(term.transcript)
    said = words.text("checkin", "saved", "appreciation", partner="Alex", appreciation="The walk")
    assert said in plain(term.transcript)
    [row] = rows_as_dicts(home)
    assert (row["person"], row["closeness"], row["appreciation"]) == ("Sam", 9, "The walk")
    assert row["day"] in today()


def test_ctrl_c_during_init_writes_no_config(terminal, home, words):
    init = words.texts["setup"]["init"]
    term = terminal("init")
    term.answer(init["name"], f"{CTRL_U}Sam{ENTER}")
    term.interrupt(init["partner"])
    assert term.finish() == 130
    assert term.last_line().endswith(words.text("setup", "common", "cancelled"))
    assert not (home / "config.toml").exists()


@pytest.mark.parametrize(
    "typed",
    ["A" * 61, f"{PASTE_START}Sam\tDoe{PASTE_END}"],
    ids=["61-characters", "pasted-tab"],
)
def test_init_never_saves_a_name_the_program_then_refuses(terminal, home, words, run, typed):
    # Once, interactive init only checked that a name was not blank: it saved
    # these, and then every command refused config.toml with exit 1.
    init = words.texts["setup"]["init"]
    term = terminal("init")
    term.answer(init["name"], f"{CTRL_U}{typed}{ENTER}")
    if not term.shows_within(init["partner"], NOT_SHOWN_WITHIN):  # refused at the question
        term.child.send(f"{CTRL_U}Sam{ENTER}")
        term.wait_for(init["partner"])
    term.child.send(f"Alex{ENTER}")
    term.answer(init["day_starts_at"], ENTER)
    assert term.finish() == 0
    result = run("log")
    assert result.code == 0, result.err


def test_superscript_digit_day_start_gets_a_message(terminal, home, words):
    init = words.texts["setup"]["init"]
    term = terminal("init")
    term.answer(init["name"], f"{CTRL_U}Sam{ENTER}")
    term.answer(init["partner"], f"Alex{ENTER}")
    term.answer(init["day_starts_at"], f"{CTRL_U}²")
    seen = term.wait_for_any("0 to 23", "Unhandled exception", "Press ENTER")
    assert seen == 0, "a traceback instead of a message"
    term.child.sendintr()
    assert term.finish() == 130
    assert not (home / "config.toml").exists()


# -- 6. delete asks first ------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status", "deleted"),
    [("n", 0, False), (ENTER, 0, False), ("y", 0, True), (CTRL_C, 130, False)],
    ids=["no", "enter-means-no", "yes", "ctrl-c"],
)
def test_delete_on_a_terminal_asks_for_confirmation(
    terminal, home, words, run, key, status, deleted
):
    for day in (OTHER_PAST_DAY, PAST_DAY):
        result = run("checkin", "--score", "5", "--date", day)
        assert result.code == 0, result.err
    before = db_rows(home)
    person = str(before[0][1])
    say = {"person": person, "date": PAST_DAY}

    term = terminal("delete", PAST_DAY)
    term.answer(words.text("setup", "delete", "confirm", **say), key)
    assert term.finish() == status

    if deleted:
        assert term.last_line() == words.text("setup", "delete", "deleted", **say)
        assert db_rows(home) == [row for row in before if row[2] != PAST_DAY]
    else:
        assert db_rows(home) == before
        expected = "kept" if status == 0 else "cancelled"
        section = "delete" if status == 0 else "common"
        assert term.last_line().endswith(words.text("setup", section, expected))


# -- 7. answers are data, never markup or terminal instructions ----------------


def test_markup_and_escape_sequences_are_stored_literally(terminal, home, words, run):
    best = "[bold]hi[/bold]"
    appreciation = "[i]the tea[/i] \x1b]0;pwned\x07"  # an OSC that retitles the window
    today = today_range()

    term = terminal("checkin")
    term.answer(question(words, "closeness"), f"7{ENTER}")
    term.answer(question(words, "best"), f"{best}{ENTER}")
    # Typed: Ctrl-Q makes the Escape key go into the answer.
    term.answer(question(words, "challenge"), f"{CTRL_Q}\x1b[31mred{ENTER}")
    # Pasted: a terminal's bracketed paste carries the raw bytes.
    term.answer(question(words, "appreciation"), f"{PASTE_START}{appreciation}{PASTE_END}{ENTER}")
    enter_through(term, words, after="appreciation")
    assert term.finish() == 0

    [row] = rows_as_dicts(home)
    assert row["day"] in today()
    assert (row["best"], row["challenge"], row["appreciation"]) == (
        best,
        "\x1b[31mred",
        appreciation,
    )
    # The echo shows the answer as text: markup kept, controls made visible,
    # and the terminal was never sent the answers' escape sequences.
    assert "“[i]the tea[/i] ␛]0;pwned␇”" in plain(term.transcript)
    assert "\x1b]0;pwned" not in term.transcript
    assert "\x1b[31mred" not in term.transcript

    shown = run("show", str(row["day"]))
    assert shown.code == 0, shown.err
    assert best in shown.out
    assert "␛[31mred" in shown.out
    assert "\x1b" not in shown.out
    listed = run("log")
    assert listed.code == 0, listed.err
    assert best in listed.out


def test_an_over_long_answer_does_not_lose_the_checkin(terminal, home, words):
    # Once, the length limit was checked only after the last question, so a
    # long paste threw the whole check-in away with exit 2.
    term = terminal("checkin")
    term.answer(question(words, "closeness"), f"7{ENTER}")
    term.answer(question(words, "best"), f"A good day{ENTER}")
    for qid in ("challenge", "appreciation", "need", "moments", "deeper"):
        term.answer(question(words, qid), ENTER)
    term.wait_for(question(words, "note"))
    pasted = PASTE_START + "x" * (TEXT_MAX + 1) + PASTE_END
    for start in range(0, len(pasted), 1000):  # a long paste arrives in pieces
        term.child.send(pasted[start : start + 1000])
    term.child.send(ENTER)
    if term.shows_within(question(words, "private"), 1):
        term.child.send(ENTER)  # taken (say, shortened): the check-in must still be saved
        assert term.finish() == 0
    else:
        term.child.send(f"{CTRL_U}A shorter note{ENTER}")  # refused at the question
        term.answer(question(words, "private"), ENTER)
        assert term.finish() == 0
        assert rows_as_dicts(home)[0]["note"] == "A shorter note"
    [row] = rows_as_dicts(home)
    assert (row["closeness"], row["best"]) == (7, "A good day")
    assert 0 < len(str(row["note"])) <= TEXT_MAX


# -- 6. the weekly reflection after the review -----------------------------------


def reflection_rows(home: Path) -> list[tuple[object, ...]]:
    import sqlite3

    with sqlite3.connect(home / "closeness.db") as db:
        return db.execute("SELECT person, kind, until, answers FROM reflections").fetchall()


def test_review_reflect_asks_the_weekly_questions_and_stores_them(terminal, home, words, run):
    assert run("init", "--name", "Sam", "--partner", "Alex").code == 0
    assert run("checkin", "--score", "7", "--appreciation", "The soup").code == 0
    weekly = [q.message.format(partner="Alex") for q in words.reflection_questions["week"]]
    term = terminal("review", "--reflect", "--no-pager")
    term.wait_for("The soup")  # the summary comes first
    term.answer(weekly[0], "Cooking together" + ENTER)
    for message in weekly[1:-1]:
        term.answer(message, ENTER)  # skipped
    term.answer(weekly[-1], "Ask me about work" + ENTER)
    term.wait_for(words.text("reflect", "intro", "saved", period="", partner="Alex")[:20])
    assert term.finish() == 0
    [(person, kind, until, answers)] = reflection_rows(home)
    assert (person, kind, until) == ("Sam", "week", days.today(DEFAULT_DAY_STARTS_AT).isoformat())
    ids = [q.id for q in words.reflection_questions["week"]]
    assert json.loads(str(answers)) == [
        [ids[0], "Cooking together"],
        [ids[-1], "Ask me about work"],
    ]
    # The next review shows it.
    assert "Cooking together" in run("review").out


def test_ctrl_c_during_reflection_stores_nothing(terminal, home, words, run):
    assert run("checkin", "--score", "7").code == 0
    first = words.reflection_questions["month"][0].message.format(
        partner=words.text("setup", "common", "partner")
    )
    term = terminal("review", "--month", "--reflect", "--no-pager")
    term.answer(first, "Half an answer")
    term.interrupt("Half an answer")  # typed, not yet Enter
    assert term.finish() == 130
    assert reflection_rows(home) == []


def test_declining_to_reflect_again_keeps_the_answers(terminal, home, words, run):
    assert run("checkin", "--score", "7").code == 0
    first = words.reflection_questions["week"][0].message.format(
        partner=words.text("setup", "common", "partner")
    )
    term = terminal("review", "--reflect", "--no-pager")
    term.answer(first, "Cooking together" + ENTER)
    for question in words.reflection_questions["week"][1:]:
        term.answer(
            question.message.format(partner=words.text("setup", "common", "partner")), ENTER
        )
    assert term.finish() == 0
    before = reflection_rows(home)
    again = terminal("review", "--reflect", "--no-pager")
    again.answer(words.text("reflect", "intro", "amend", period="")[:25], "n")
    again.wait_for(words.text("reflect", "intro", "kept", period="")[:20])
    assert again.finish() == 0
    assert reflection_rows(home) == before
