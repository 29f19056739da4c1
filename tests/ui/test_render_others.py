"""Someone else's entries as you see them: what they kept private leaves no
trace, and a day still hidden by the reveal shows neither score nor words."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from closeness.core.models import Entry
from closeness.core.prompts import load_prompts
from closeness.core.reveal import Reveal
from closeness.core.validate import person_key
from closeness.ui.render import entry_view, log_lines

DAY = dt.date(2026, 11, 20)
PROMPTS = load_prompts()


def render(renderable: object) -> list[str]:
    buffer = io.StringIO()
    Console(file=buffer, width=80, no_color=True, highlight=False).print(renderable)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


def test_a_withheld_answer_of_theirs_renders_as_never_given() -> None:
    # As an import stores a partner's export: withheld answers blank, still named.
    withheld = Entry.make("Alex", DAY, 6, need=None, private=frozenset({"need", "note"}))
    never = Entry.make("Alex", DAY, 6, need=None)
    assert render(entry_view(withheld, PROMPTS, yours=False)) == render(
        entry_view(never, PROMPTS, yours=False)
    )
    # Shown as your own, the same entry is marked: the difference is real.
    assert render(entry_view(withheld, PROMPTS)) != render(entry_view(never, PROMPTS))


def test_an_answer_of_theirs_they_chose_to_send_carries_no_mark() -> None:
    sent = Entry.make("Alex", DAY, 6, note="Sent anyway", private=frozenset({"note"}))
    lines = render(entry_view(sent, PROMPTS, yours=False))
    assert any(line.startswith("Note ") and line.endswith("Sent anyway") for line in lines)
    assert not any("private" in line for line in lines)


def test_a_hidden_day_in_the_log_shows_who_and_when_only() -> None:
    entries = [Entry.make("Sam", DAY, 9, best="Mine"), Entry.make("Alex", DAY, 4, best="Theirs")]
    hidden = Reveal(person_key("Sam"), frozenset({DAY}))
    lines = render(log_lines(entries, PROMPTS, 80, hidden))
    assert lines[1] == "Fri 2026-11-20  Sam    9  Mine"
    assert lines[2] == "Fri 2026-11-20  Alex      checked in; you'll see it after yours"
