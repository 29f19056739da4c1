"""`closeness review` and `review --all` as a couple reads them at 80
columns, through the real CLI: a week with drift and repair, Sam's days
checked in here and Alex's brought in by `closeness import`. The whole text
is the snapshot; the line counts are what keeps a week on a screen or two
(one person in 45 lines, two in 60)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, exported_entry

Cli = Callable[..., Result]

ONE_PERSON_LINES, TWO_PEOPLE_LINES = 45, 60

# (day of November 2026, score, answers): the week before (9-15) steady, then
# Sam's week falls to a hard Wednesday and comes back warm (a repair), while
# Alex's falls and stays low (drift); Saturday they are four apart.
SAM = [
    *((day, score, {}) for day, score in zip(range(9, 16), (8, 7, 8, 7, 8, 7, 8), strict=True)),
    (16, 7, {"need": "2", "best": "Cooking together", "moment": ["hug"]}),
    (17, 5, {"need": "2", "challenge": "Work ran late again"}),
    (18, 3, {"need": "2", "challenge": "The argument about the holidays"}),
    (19, 6, {"appreciation": "You apologised first", "moment": ["supportive_message"]}),
    (20, 7, {"best": "A long walk and a real talk", "appreciation": "You listened",
             "moment": ["walk", "hug"]}),
    (21, 8, {"best": "Laughing at dinner", "appreciation": "The flowers",
             "moment": ["laughter", "shared_meal"]}),
    (22, 8, {"best": "Lazy Sunday", "appreciation": "Breakfast in bed", "need": "none",
             "moment": ["hug", "affection"]}),
]  # fmt: skip
ALEX = [
    *((day, score, {}) for day, score in zip(range(9, 16), (8, 8, 7, 8, 7, 8, 8), strict=True)),
    (16, 6, {"need": 1, "challenge": "Deadline at work", "moments": ["hug"]}),
    (17, 4, {"need": 1, "challenge": "Felt on my own with the chores"}),
    (18, 2, {"need": 1, "challenge": "The holiday fight"}),
    (19, 3, {"need": 3, "appreciation": "Sam made tea and asked how I was"}),
    (20, 5, {"best": "Our walk", "appreciation": "Sam listened", "moments": ["walk"]}),
    (21, 4, {"need": 1, "challenge": "Still tired"}),
    (22, 5, {"best": "A slow Sunday", "moments": ["hug"]}),
]  # fmt: skip


@pytest.fixture
def couple(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    for day, score, answers in SAM:
        options = ["--score", str(score)]
        for name, value in answers.items():
            for one in value if isinstance(value, list) else [value]:
                options += [f"--{name}", one]
        result = cli("checkin", "--date", f"2026-11-{day:02d}", *options)
        assert result.code == 0, result.err
    entries: list[dict[str, Any]] = []
    for day, score, answers in ALEX:
        fields = {"best": "", "need": None, "moments": [], **answers}
        date = f"2026-11-{day:02d}"
        entries.append(
            exported_entry(
                "Alex", date, closeness=score, updated_at=f"{date}T21:00:00+00:00", **fields
            )
        )
    export = {
        "format": "closeness-export",
        "version": 2,
        "exported_at": "2026-11-22T21:30:00+00:00",
        "entries": entries,
        "reflections": [],
        "deleted": [],
    }
    path = tmp_path / "alex.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    result = cli("import", str(path))
    assert result.code == 0, result.err
    return cli


def review(cli: Cli, *args: str) -> list[str]:
    result = cli("review", "--until", "2026-11-22", *args)
    assert result.code == 0, result.err
    return result.out.splitlines()


def test_one_persons_week_at_80_columns(couple: Cli) -> None:
    lines = review(couple)
    assert lines == ONE.splitlines()
    assert len(lines) <= ONE_PERSON_LINES
    # The chart and the guidance come first: on a 24-line screen, or the
    # first page of the pager, they are what is seen.
    assert lines.index("For this week") < 24


def test_a_week_for_two_at_80_columns(couple: Cli) -> None:
    lines = review(couple, "--all")
    assert lines == TOGETHER.splitlines()
    assert len(lines) <= TWO_PEOPLE_LINES
    assert lines.index("Worth a conversation") < 24
    assert max(len(line) for line in lines) <= 80


def test_the_json_is_the_contracts_whatever_the_layout(couple: Cli) -> None:
    result = couple("review", "--until", "2026-11-22", "--all", "--json")
    people = json.loads(result.out)["people"]
    assert [p["person"] for p in people] == ["Sam", "Alex"]
    assert set(people[0]) == {
        "person", "checkins", "streak", "average_closeness", "previous_average", "needs",
        "moments", "daily", "appreciations", "best", "challenges", "hidden_days",
    }  # fmt: skip
    # Every item, not the newest few the view shows.
    assert len(people[0]["appreciations"]) == 4 and len(people[1]["challenges"]) == 4


# The snapshots: read them as the couple would (the repair named warmly for
# Sam, the drift for Alex, Saturday worth a conversation, each one's need
# worded for Sam, who reads it).

ONE = """\
Sam · 16–22 November 2026

Check-ins  7 of 7 days · 14-day streak
Closeness  average 6.3 · ↓ from 7.6 the period before

10┤
  │ ▄▄▄             ▄▄▄ ███ ███
 5┤ ███ ▄▄▄     ███ ███ ███ ███
  │ ███ ███ ▄▄▄ ███ ███ ███ ███
  │ ███ ███ ███ ███ ███ ███ ███
  └─────────────────────────────
     7   5   3   6   7   8   8
    Mon Tue Wed Thu Fri Sat Sun
    16  17  18  19  20  21  22

For this week
  Finding your way back. After a hard Wednesday, 3 warm days followed: that is
    repair. Tell each other what helped.
  This week's talk. Half an hour together: what went well, what you'd like
    more of, how to support each other. `closeness talk` sets the agenda.

Support needed                            Connection moments
  1 content  0                              A 20-second hug            3  ■■■
  2 process  3  ■■■                         Device-free time together  0
  3 meaning  0                              A supportive message       1  ■
  none       4  ■■■■                        A shared meal              1  ■
  Named most often: process.                A walk or shared activity  1  ■
  You could tell Alex: “Listen, and         Laughing together          1  ■
  let me know my feelings make sense.”      Physical affection         1  ■

Appreciations
  Sun 22 Nov  Breakfast in bed
  Sat 21 Nov  The flowers
  Fri 20 Nov  You listened
  … and 1 more

Best moments                              Challenges, to talk through
  Sun 22 Nov  Lazy Sunday                   Wed 18 Nov  The argument about the
  Sat 21 Nov  Laughing at dinner                        holidays
  Fri 20 Nov  A long walk and a real        Tue 17 Nov  Work ran late again
              talk
  … and 1 more
"""

TOGETHER = """\
Together · 16–22 November 2026

Sam   │                     ▂▂▂ ▂▂▂
6.3 ↓ │ ▆▆▆         ▃▃▃ ▆▆▆ ███ ███
      │ ███ ███ ▂▂▂ ███ ███ ███ ███
      │ ███ ███ ███ ███ ███ ███ ███
      └─────────────────────────────
         7   5   3   6   7   8   8
Alex  │
4.1 ↓ │ ▃▃▃
      │ ███ ▅▅▅     ▂▂▂ ███ ▅▅▅ ███
      │ ███ ███ ▆▆▆ ███ ███ ███ ███
      └─────────────────────────────
         6   4   2   3   5   4   5
        Mon Tue Wed Thu Fri Sat Sun
        16  17  18  19  20  21  22
                             !       ! worth a conversation

Worth a conversation
  Days your scores were far apart: ask how each felt, and listen first.
  ! Sat 21 Nov: Sam 8, Alex 4

For this week
  Sam · Finding your way back. After a hard Wednesday, 3 warm days followed:
    that is repair. Tell each other what helped.
  Alex · Drifting a little. The average went from 7.7 to 4.1. Name it
    together, without blame (“I've missed us lately”), and choose one small step
    to reconnect this week.
  Alex · Small moments. Few connection moments were logged. One to try: a
    short message tomorrow saying what you appreciate about them.
  This week's talk. Half an hour together: what went well, what you'd like
    more of, how to support each other. `closeness talk` sets the agenda.

Sam ──────────────────────────────────    Alex ─────────────────────────────────
7 of 7 days · 14-day streak               7 of 7 days · 14-day streak
average 6.3 · ↓ from 7.6                  average 4.1 · ↓ from 7.7
Needed most: process                      Needed most: content
  You could tell Alex: “Listen, and         Offer practical help: think the
  let me know my feelings make sense.”      problem through together and share
                                            the load.

Connection moments                        Connection moments
  A 20-second hug     3  ■■■                A 20-second hug            2  ■■
  Physical affection  1  ■                  A walk or shared activity  1  ■
  Laughing together   1  ■
  … and 3 more

Appreciations                             Appreciations
  Sun 22 Nov  Breakfast in bed              Fri 20 Nov  Sam listened
  Sat 21 Nov  The flowers                   Thu 19 Nov  Sam made tea and asked
  … and 2 more                                          how I was
Best moments                              Best moments
  Sun 22 Nov  Lazy Sunday                   Sun 22 Nov  A slow Sunday
  Sat 21 Nov  Laughing at dinner            Fri 20 Nov  Our walk
  … and 2 more
Challenges, to talk through               Challenges, to talk through
  Wed 18 Nov  The argument about the        Sat 21 Nov  Still tired
              holidays                      Wed 18 Nov  The holiday fight
  Tue 17 Nov  Work ran late again           … and 2 more
"""
