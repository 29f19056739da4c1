"""`closeness talk --format markdown`: the agenda as Markdown, to share or
print. Everything the agenda holds, not cut to a screen; user text escaped
so that Markdown shows it as typed (sharing/as_markdown.py's rules)."""

from __future__ import annotations

from collections.abc import Iterable

from closeness.core.days import period_label, short_day
from closeness.core.prompts import Prompts
from closeness.review.compute import Said
from closeness.review.talk import Agenda, mismatch_words
from closeness.sharing.as_markdown import escape_block, escape_line, plain


def _name(person: str) -> str:
    return escape_line(plain(" ".join(person.split())))


def _items(items: Iterable[Said], with_year: bool, who: str = "") -> list[str]:
    prefix = f"**{who}**, " if who else ""
    return [
        f"- {prefix}{short_day(s.day, with_year=with_year)}: {escape_block(s.text, '  ')}"
        for s in items
    ]


def talk_markdown(agenda: Agenda, prompts: Prompts) -> str:
    period = agenda.period
    with_year = period.since.year != period.until.year
    people = " and ".join(_name(v.person) for v in agenda.voices)
    out = [
        f"# {prompts.text('talk', 'heading', 'title', people=people, period=period_label(period))}",
        "",
        prompts.text("talk", "heading", "intro", people=people),
    ]
    for voice in agenda.voices:
        if voice.hidden_days:
            days = ", ".join(short_day(d, with_year=with_year) for d in voice.hidden_days)
            out += [
                "",
                prompts.text("talk", "hidden", "line", person=_name(voice.person), days=days),
            ]

    def section(key: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", f"## {prompts.text('talk', 'heading', key)}", "", *lines])

    if not agenda.checkins:
        out += ["", prompts.text("talk", "empty", "nothing", period=period_label(period))]
    else:
        lines: list[str] = []
        for voice in agenda.voices:
            who = _name(voice.person)
            if voice.appreciations:
                about = prompts.text(
                    "talk", "appreciations", "about", person=who, partner=_name(voice.partner)
                )
                lines += [*([""] if lines else []), f"**{about}**", ""]
                lines += _items(voice.appreciations, with_year)
            elif voice.checkins:
                lines += [
                    *([""] if lines else []),
                    prompts.text("talk", "appreciations", "none", person=who),
                ]
        section("appreciations", lines)

        lines = []
        for voice in agenda.voices:
            lines += _items(voice.best, with_year, _name(voice.person))
        for repair in agenda.repairs:
            lines.append(
                "- "
                + prompts.text(
                    "talk",
                    "went_well",
                    "repair",
                    person=_name(repair.person),
                    hard_day=short_day(repair.hard_day, with_year=with_year),
                    hard=repair.hard_score,
                    better_day=short_day(repair.better_day, with_year=with_year),
                    better=repair.better_score,
                )
            )
        section("went_well", lines or [prompts.text("talk", "went_well", "none")])

        if agenda.apart:
            lines = [prompts.text("talk", "apart", "intro"), ""]
            for day in agenda.apart[::-1]:
                scores = ", ".join(f"{_name(p)} {s}" for p, s in day.scores)
                when = short_day(day.day, with_year=with_year)
                lines.append("- " + prompts.text("talk", "apart", "line", day=when, scores=scores))
            section("apart", lines)

        lines = []
        for voice in agenda.voices:
            if not voice.checkins:
                continue
            who = _name(voice.person)
            level = voice.dominant_need
            if level is None:
                named = any(voice.needs.get(str(n.id), 0) for n in prompts.needs)
                lines.append(
                    "- "
                    + prompts.text("talk", "needs", "mixed" if named else "none_named", person=who)
                )
                continue
            need = prompts.need_level(level)
            asks = prompts.text(
                "talk", "needs", "asks", partner=_name(voice.partner), asks=need.asks
            )
            dominant = prompts.text("talk", "needs", "dominant", person=who, level=need.name)
            lines.append(f"- {dominant} {asks}")
        for mismatch in agenda.mismatches:
            lines.append("- " + mismatch_words(mismatch, prompts, _name, with_year=with_year))
        section("needs", lines)

        lines = []
        for voice in agenda.voices:
            lines += _items(voice.challenges, with_year, _name(voice.person))
        if lines:
            section("challenges", [prompts.text("talk", "challenges", "intro"), "", *lines])

        lines = []
        for found in agenda.moments:
            moment = escape_line(plain(prompts.moment_label(found.moment)))
            lines.append(
                "- "
                + prompts.text(
                    "talk",
                    "noticed",
                    "moment",
                    person=_name(found.person),
                    moment=moment[:1].lower() + moment[1:],
                    with_average=f"{found.with_average:.1f}",
                    with_days=found.with_days,
                    without_average=f"{found.without_average:.1f}",
                    without_days=found.without_days,
                )
            )
        if lines:
            section("noticed", [*lines, "", f"*{prompts.text('talk', 'noticed', 'caveat')}*"])

    section(
        "questions",
        [
            f"- {prompts.text('talk', 'questions', 'loved')}",
            f"- {prompts.text('talk', 'questions', 'support')}",
        ],
    )
    section("step", [prompts.text("talk", "step", "line")])
    return "\n".join(out) + "\n"
