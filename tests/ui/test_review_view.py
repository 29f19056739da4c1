"""The review as people see it: rendered at 80 columns with no colour, so
every piece of information is in the characters themselves."""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from closeness.core.days import days_in_a_row, period_label
from closeness.core.models import Entry, Period, Reflection
from closeness.core.prompts import load_prompts
from closeness.core.settings import Settings
from closeness.review.compute import Review, build_review, person_review
from closeness.ui.review_view import review_renderable
from closeness.ui.svg import save_svg, svg_console

PROMPTS = load_prompts()
WEEK = Period(dt.date(2026, 11, 16), dt.date(2026, 11, 22))  # Monday to Sunday


def day(n: int) -> dt.date:
    return dt.date(2026, 11, 1) + dt.timedelta(days=n - 1)


def entry(person: str, n: int, score: int, **fields: Any) -> Entry:
    return Entry.make(person=person, day=day(n), closeness=score, **fields)


def review_of(
    people: dict[str, Sequence[Entry]],
    period: Period = WEEK,
    reflections: dict[str, Reflection] | None = None,
) -> Review:
    reviews = [
        person_review(
            person,
            entries,
            period,
            run_ending=lambda last, entries=entries: days_in_a_row({e.day for e in entries}, last),
            words=PROMPTS.guidance_words,
            reflection=(reflections or {}).get(person),
        )
        for person, entries in people.items()
    ]
    return build_review(period, reviews)


def render(review: Review, width: int = 80) -> list[str]:
    """The lines printed, as the CLI prints them (the view trims trailing spaces)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False)
    console.print(review_renderable(review, PROMPTS, width=width))
    lines = buffer.getvalue().splitlines()
    assert all(cell_len(line) <= width for line in lines), [x for x in lines if cell_len(x) > width]
    assert all(line == line.rstrip() for line in lines)
    return lines


def block(lines: list[str], first: str, count: int) -> list[str]:
    """`count` lines from the first one that starts with `first`."""
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    return lines[start : start + count]


SAM_WEEK = [
    # the week before: averages 7.7
    entry("Sam", 10, 8),
    entry("Sam", 12, 7),
    entry("Sam", 14, 8),
    # this week: no check-in on Thursday the 19th
    entry("Sam", 16, 7, best="Dinner together", appreciation="The tea you made me", need=2,
          moments=("hug", "walk")),
    entry("Sam", 17, 8, best="A long walk by the river", appreciation="You listened", need=2,
          moments=("hug",)),
    entry("Sam", 18, 5, challenge="Work ran late again", need=1, moments=("stargazing",)),
    entry("Sam", 20, 6, appreciation="Breakfast\nin bed", need=2),
    entry("Sam", 21, 4, challenge="You never listen", need=3),
    entry("Sam", 22, 7, best="Lazy Sunday", appreciation="The hug at the door",
          moments=("hug", "laughter")),
]  # fmt: skip


def test_a_typical_week_for_one_person() -> None:
    lines = render(review_of({"Sam": SAM_WEEK}))
    assert lines[:4] == [
        "Sam · 16–22 November 2026",
        "",
        "Check-ins  6 of 7 days · 3-day streak",
        "Closeness  average 6.2 · ↓ from 7.7 the period before",
    ]
    # A bar a day, its score under it, every day on the axis; Thursday's gap shows.
    assert block(lines, "10┤", 10) == [
        "10┤",
        "  │ ▄▄▄ ███                 ▄▄▄",
        " 5┤ ███ ███ ▄▄▄     ███     ███",
        "  │ ███ ███ ███     ███ ███ ███",
        "  │ ███ ███ ███  ·  ███ ███ ███",
        "  └─────────────────────────────",
        "     7   8   5       6   4   7",
        "    Mon Tue Wed Thu Fri Sat Sun",
        "    16  17  18  19  20  21  22",
        "    · no check-in",
    ]
    # Then the guidance, near the top: each piece its title then its text
    # (from guidance.toml), the weekly talk last.
    assert block(lines, "For this week", 7) == [
        "For this week",
        "  More good days than hard ones. Good days (7 or more): 3; hard ones (4 or",
        "    less): 1. Keep noticing what works, and say it out loud.",
        "  A softer start. A challenge began “you never …”. Try a soft start-up when",
        "    you talk: “I feel … when …, and I need …”. It is easier to hear.",
        "  This week's talk. Half an hour together: what went well, what you'd like",
        "    more of, how to support each other. `closeness talk` sets the agenda.",
    ]
    # Needs beside moments: every moment of prompts/moments.toml in its
    # order, then unknown keys by key; the need that led, said to the reader
    # (with no settings, the one reviewed) as theirs to tell.
    assert block(lines, "Support needed", 9) == [
        "Support needed                            Connection moments",
        "  1 content  1  ■                           A 20-second hug            3  ■■■",
        "  2 process  3  ■■■                         Device-free time together  0",
        "  3 meaning  1  ■                           A supportive message       0",
        "  none       1  ■                           A shared meal              0",
        "  Named most often: process.                A walk or shared activity  1  ■",
        "  You could tell your partner:              Laughing together          1  ■",
        "  “Listen, and let me know my feelings      Physical affection         0",
        "  make sense.”                              stargazing                 1  ■",
    ]
    # Newest first with short dates; a multi-line answer folded onto one
    # line; the newest three, the rest counted.
    assert block(lines, "Appreciations", 5) == [
        "Appreciations",
        "  Sun 22 Nov  The hug at the door",
        "  Fri 20 Nov  Breakfast in bed",
        "  Tue 17 Nov  You listened",
        "  … and 1 more",
    ]
    assert lines[-4:] == [
        "Best moments                              Challenges, to talk through",
        "  Sun 22 Nov  Lazy Sunday                   Sat 21 Nov  You never listen",
        "  Tue 17 Nov  A long walk by the river      Wed 18 Nov  Work ran late again",
        "  Mon 16 Nov  Dinner together",
    ]
    assert len(lines) == 44


def test_below_eighty_columns_sections_stand_one_under_another() -> None:
    lines = render(review_of({"Sam": SAM_WEEK}), 79)
    assert block(lines, "Support needed", 10)[6:] == [
        "  You could tell your partner: “Listen, and let me know my feelings make",
        "  sense.”",
        "",
        "Connection moments",
    ]
    assert block(lines, "Best moments", 6)[4:] == ["", "Challenges, to talk through"]
    assert not any("  Connection moments" in line for line in lines)


def test_an_empty_period_is_a_kind_empty_state() -> None:
    lines = render(review_of({"Sam": [entry("Sam", 2, 7)]}))
    assert lines == [
        "Sam · 16–22 November 2026",
        "",
        "No check-ins for Sam in 16–22 November 2026.",
        "Tonight, run `closeness checkin`: one minute, and next week's review has",
        "something to show.",
    ]


def test_a_single_checkin() -> None:
    lines = render(review_of({"Sam": [entry("Sam", 22, 9, need=3)]}))
    assert lines[2:4] == [
        "Check-ins  1 of 7 days · 1-day streak",
        "Closeness  average 9.0 · nothing to compare with the period before",
    ]
    assert block(lines, "10┤", 10) == [
        "10┤                         ▄▄▄",
        "  │                         ███",
        " 5┤                         ███",
        "  │                         ███",
        "  │  ·   ·   ·   ·   ·   ·  ███",
        "  └─────────────────────────────",
        "                             9",
        "    Mon Tue Wed Thu Fri Sat Sun",
        "    16  17  18  19  20  21  22",
        "    · no check-in",
    ]
    assert block(lines, "Support needed", 9) == [
        "Support needed                            Connection moments",
        "  1 content  0                              None logged.",
        "  2 process  0",
        "  3 meaning  1  ■",
        "  none       0",
        "  Named most often: meaning.",
        "  You could tell your partner: “Remind",
        "  me that I'm okay and that we're",
        "  okay.”",
    ]
    assert "Appreciations" not in lines  # nothing said: no empty heading


def test_all_shares_one_axis_and_marks_days_worth_a_conversation() -> None:
    alex = [
        entry("Alex", 16, 6, need=1, appreciation="Fixed my bike"),
        entry("Alex", 17, 8, need=1),
        entry("Alex", 18, 1, need=2, challenge="Felt alone"),
        entry("Alex", 20, 6, need=1),
        entry("Alex", 22, 3),
    ]
    lines = render(review_of({"Sam": SAM_WEEK, "Alex": alex}))
    assert lines[0] == "Together · 16–22 November 2026"
    assert lines[2:19] == [
        "Sam   │     ▂▂▂",
        "6.2 ↓ │ ▆▆▆ ███         ▃▃▃     ▆▆▆",
        "      │ ███ ███ ███     ███ ▅▅▅ ███",
        "      │ ███ ███ ███  ·  ███ ███ ███",
        "      └─────────────────────────────",
        "         7   8   5       6   4   7",
        "Alex  │     ▂▂▂",
        "4.8   │ ▃▃▃ ███         ▃▃▃",
        "      │ ███ ███         ███     ▂▂▂",
        "      │ ███ ███ ▃▃▃  ·  ███  ·  ███",
        "      └─────────────────────────────",
        "         6   8   1       6       3",
        "        Mon Tue Wed Thu Fri Sat Sun",
        "        16  17  18  19  20  21  22",
        # The legend beside the marks, where it fits.
        "                 !               !   · no check-in   ! worth a conversation",
        "",
        "Worth a conversation",
    ]
    assert block(lines, "Worth a conversation", 4) == [
        "Worth a conversation",
        "  Days your scores were far apart: ask how each felt, and listen first.",
        "  ! Sun 22 Nov: Sam 7, Alex 3",
        "  ! Wed 18 Nov: Sam 5, Alex 1",
    ]
    # Everyone's advice, whose it is named, one each (the rest counted),
    # then the weekly talk once.
    assert block(lines, "For this week", 9) == [
        "For this week",
        "  Sam · More good days than hard ones. Good days (7 or more): 3; hard ones (4",
        "    or less): 1. Keep noticing what works, and say it out loud.",
        "  Alex · Good days and hard days. Good days (7 or more): 1; hard ones (4 or",
        "    less): 2. Small good moments count most when things are tense: a thank-you,",
        "    a touch, a laugh.",
        "  … and 2 more in your own reviews (`closeness review --as NAME`)",
        "  This week's talk. Half an hour together: what went well, what you'd like",
        "    more of, how to support each other. `closeness talk` sets the agenda.",
    ]
    assert sum("This week's talk" in line for line in lines) == 1
    # Then the figures, one column each: like beside like.
    assert lines[lines.index("For this week") + 9 :] == [
        "",
        "Sam ──────────────────────────────────    Alex ─────────────────────────────────",
        "6 of 7 days · 3-day streak                5 of 7 days · 1-day streak",
        "average 6.2 · ↓ from 7.7                  average 4.8",
        "Needed most: process                      Needed most: content",
        "  You could tell Alex: “Listen, and         Offer practical help: think the",
        "  let me know my feelings make sense.”      problem through together and share",
        "                                            the load.",
        "",
        "Connection moments                        Connection moments",
        "  A 20-second hug    3  ■■■                 None logged.",
        "  Laughing together  1  ■",
        "  stargazing         1  ■",
        "  … and 1 more",
        "",
        "Appreciations                             Appreciations",
        "  Sun 22 Nov  The hug at the door           Mon 16 Nov  Fixed my bike",
        "  Fri 20 Nov  Breakfast in bed",
        "  … and 2 more",
        "Best moments",
        "  Sun 22 Nov  Lazy Sunday",
        "  Tue 17 Nov  A long walk by the river",
        "  … and 1 more",
        "Challenges, to talk through               Challenges, to talk through",
        "  Sat 21 Nov  You never listen              Wed 18 Nov  Felt alone",
        "  Wed 18 Nov  Work ran late again",
    ]
    assert len(lines) <= 60


def test_together_the_same_advice_is_given_once_and_pressing_advice_is_never_left_out() -> None:
    hard = [entry("Sam", n, 2, challenge="You never call") for n in range(16, 23)]
    hard_too = [entry("Alex", n, 2, challenge="You never call") for n in range(16, 23)]
    before = [entry(p, n, 8) for p in ("Sam", "Alex") for n in range(9, 16)]
    review = review_of({"Sam": [*before[:7], *hard], "Alex": [*before[7:], *hard_too]})
    lines = render(review)
    titles = [line for line in lines if line.startswith("  ") and " · " in line[:14]]
    # drift (pressing) for both, once; then each one's first other advice
    # (also the same for both), the last counted.
    assert [line.split(".")[0] for line in titles] == [
        "  Sam, Alex · Drifting a little",
        "  Sam, Alex · A softer start",
    ]
    assert "  … and 2 more in your own reviews (`closeness review --as NAME`)" in lines


def test_together_below_eighty_columns_is_one_column_per_person_in_turn() -> None:
    alex = [entry("Alex", 20, 6, need=1, appreciation="Fixed my bike")]
    lines = render(review_of({"Sam": SAM_WEEK, "Alex": alex}), 72)
    sam, alex_at = lines.index("Sam " + "─" * 68), lines.index("Alex " + "─" * 67)
    assert lines[sam + 1 : sam + 5] == [
        "6 of 7 days · 3-day streak",
        "average 6.2 · ↓ from 7.7",
        "Needed most: process",
        "  You could tell Alex: “Listen, and let me know my feelings make sense.”",
    ]
    assert lines[alex_at + 1 : alex_at + 5] == [
        "1 of 7 days",
        "average 6.0",
        "Needed most: content",
        "  Offer practical help: think the problem through together and share the",
    ]
    assert "  Mon 20 Nov  Fixed my bike" not in lines and "  Fri 20 Nov  Fixed my bike" in lines


@pytest.mark.parametrize(
    ("settings", "sam_line", "alex_line"),
    [
        # Sam reads: Sam's need is Sam's to tell Alex; Alex's is Sam's to meet.
        (
            Settings("Sam", "Alex"),
            "You could tell Alex: “Listen, and let me know my feelings make sense.”",
            "Offer practical help: think the problem through together and share the load.",
        ),
        # Alex reads the same review on their own machine: the other way round.
        (
            Settings("Alex", "Sam"),
            "Listen and validate before offering solutions.",
            "You could tell Sam: “Think it through with me and help me solve it.”",
        ),
    ],
)
def test_the_support_line_is_worded_for_whoever_reads_the_review(
    settings: Settings, sam_line: str, alex_line: str
) -> None:
    alex = [entry("Alex", 16, 6, need=1), entry("Alex", 17, 6, need=1)]

    def drawn(review: Review) -> str:
        buffer = io.StringIO()
        # One column: each line of words follows the one before.
        console = Console(file=buffer, width=79, no_color=True)
        console.print(review_renderable(review, PROMPTS, settings, width=79))
        return " ".join(buffer.getvalue().split())

    own, theirs = drawn(review_of({"Sam": SAM_WEEK})), drawn(review_of({"Alex": alex}))
    assert sam_line in own and alex_line in theirs
    assert alex_line not in own and sam_line not in theirs
    together = drawn(review_of({"Sam": SAM_WEEK, "Alex": alex}))
    assert sam_line in together and alex_line in together


def test_user_text_prints_literally() -> None:
    name = "[bold]Sam[/bold]"
    entries = [
        entry(name, 22, 7, appreciation="[red]x[/red] \x1b[31mred", best="one\ntwo\tthree",
              challenge=":smile: [link=http://x]y[/link]", moments=("[b]",)),
    ]  # fmt: skip
    reflection = Reflection(
        person=name,
        kind="week",
        since=day(9),
        until=day(15),
        answers=(("connecting", "[i]Our walk[/i]"), ("old_question", "\x1b]0;title\x07")),
    )
    lines = render(review_of({name: entries}, reflections={name: reflection}))
    text = "\n".join(lines)
    assert "\x1b" not in text
    assert lines[0] == "[bold]Sam[/bold] · 16–22 November 2026"
    assert "  Sun 22 Nov  [red]x[/red] ␛[31mred" in lines
    # Side by side with the best moments, the challenge wraps in its column.
    at = lines.index("  Sun 22 Nov  one two three                 Sun 22 Nov  :smile:")
    assert lines[at + 1].strip() == "[link=http://x]y[/link]"
    assert "  [b]                        1  ■" in (line[42:] for line in lines)
    assert block(lines, "Last reflection · 9–15 November 2026", 5) == [
        "Last reflection · 9–15 November 2026",
        "  One thing that felt connecting this week?",
        "    [i]Our walk[/i]",
        "  old_question",  # a question this install does not know: shown by its id
        "    ␛]0;title␇",
    ]


def test_reflection_questions_name_the_partner() -> None:
    reflection = Reflection(
        person="Sam", kind="week", since=day(9), until=day(15),
        answers=(("felt_loved", "The soup"),),
    )  # fmt: skip
    review = review_of({"Sam": SAM_WEEK}, reflections={"Sam": reflection})
    buffer = io.StringIO()
    Console(file=buffer, width=80, no_color=True).print(
        review_renderable(review, PROMPTS, Settings("Sam", "Alex"), width=80)
    )
    assert "  What did Alex do this week that made you feel loved?" in buffer.getvalue()
    assert "  What did your partner do this week" in "\n".join(render(review))


def test_long_lists_are_cut_to_the_newest() -> None:
    month = Period(day(1), day(30))
    entries = [entry("Sam", n, 7, appreciation=f"Thanks {n}") for n in range(1, 31)]
    lines = render(review_of({"Sam": entries}, period=month))
    assert block(lines, "Appreciations", 5) == [
        "Appreciations",
        *(f"  {day(n):%a} {n} Nov  Thanks {n}" for n in range(30, 27, -1)),
        "  … and 27 more",
    ]
    assert "For the weeks ahead" in lines


def test_a_month_is_a_bar_a_day_with_mondays_named() -> None:
    month = Period(day(1), day(30))
    entries = [entry("Sam", n, 1 + n % 10) for n in range(1, 31) if n != 15]
    lines = render(review_of({"Sam": entries}, period=month))
    assert lines[2] == "Check-ins  29 of 30 days · 15-day streak"
    assert block(lines, "10┤", 8) == [
        "10┤               ▄ █                 ▄ █                 ▄ █",
        "  │           ▄ █ █ █             ▄ █ █ █             ▄ █ █ █",
        " 5┤       ▄ █ █ █ █ █         ▄   █ █ █ █         ▄ █ █ █ █ █",
        "  │   ▄ █ █ █ █ █ █ █     ▄ █ █   █ █ █ █     ▄ █ █ █ █ █ █ █",
        "  │ █ █ █ █ █ █ █ █ █ ▄ █ █ █ █ · █ █ █ █ ▄ █ █ █ █ █ █ █ █ █ ▄",
        "  └───┬─────────────┬─────────────┬─────────────┬─────────────┬─",
        "      2 Nov         9 Nov         16 Nov        23 Nov        30 Nov",
        "    · no check-in",
    ]


@pytest.mark.parametrize("width", [80, 60])
def test_a_year_and_ten_years_fit_the_width(width: int) -> None:
    until = dt.date(2026, 11, 22)
    ten_years = Period(until - dt.timedelta(days=3649), until)
    sam = [
        Entry.make("Sam", until - dt.timedelta(days=i), 1 + i % 10) for i in range(3650) if i % 9
    ]
    alex = [Entry("Alex", e.day, 11 - e.closeness) for e in sam]
    lines = render(review_of({"Sam": sam, "Alex": alex}, period=ten_years), width)
    # One row per year and person, a cell a week (its average); the months named above.
    ruler = "Jan Feb Mar Apr  May Jun Jul  Aug Sep  Oct Nov Dec"
    assert lines[2] == ("          " if width == 80 else "     ") + ruler
    years = [line[:4] for line in lines if re.match(r"20[0-9][0-9]", line)]
    assert years == [str(year) for year in range(2016, 2027)]
    assert len(lines) < 150  # ten years stay a screenful or two, not thousands of lines
    # A year: a row per calendar month, a cell a day.
    year = Period(until - dt.timedelta(days=364), until)
    lines = render(review_of({"Sam": sam}, period=year), width)
    assert block(lines, "         1   5", 3) == [
        "         1   5    10   15   20   25   30",
        "Nov 2025                       ▄▃▃▂·█▇▆",
        "Dec 2025 ▆▅▄▃▃·▁█▇▆▆▅▄▃·▂▁█▇▆▆▅▄·▃▂▁█▇▆▆",
    ]
    assert block(lines, "Nov 2026", 2) == [
        "Nov 2026 ▂▁█·▆▆▅▄▃▃▂▁·▇▆▆▅▄▃▃▂·",
        "         ▁ 1 … █ 10   one day a cell   · no check-in",
    ]


@pytest.mark.parametrize(
    ("since", "until", "label"),
    [
        ("2026-11-22", "2026-11-22", "22 November 2026"),
        ("2026-11-28", "2026-12-04", "28 November – 4 December 2026"),
        ("2025-12-28", "2026-01-03", "28 December 2025 – 3 January 2026"),
    ],
)
def test_period_label(since: str, until: str, label: str) -> None:
    period = Period(dt.date.fromisoformat(since), dt.date.fromisoformat(until))
    assert period_label(period) == label


def test_the_svg_has_no_online_reference_and_is_private(tmp_path: Path) -> None:
    console = svg_console(width=80)
    console.print(review_renderable(review_of({"Sam": SAM_WEEK}), PROMPTS, width=80))
    path = tmp_path / "review.svg"
    save_svg(console, path)
    svg = path.read_text(encoding="utf-8")
    assert svg.startswith("<svg ")
    assert "Sam&#160;·&#160;16–22&#160;November&#160;2026" in svg
    assert "url(" not in svg
    assert "@font-face" not in svg
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert set(re.findall(r"http[^\"' )]*", svg)) <= namespaces
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # In colour (bars green, cyan, yellow; counts magenta), whatever NO_COLOR
    # (set for every test) says for the terminal.
    assert len(set(re.findall(r"fill: (#[0-9a-f]{6})", svg))) >= 5
