"""The Markdown, CSV and HTML exports: structure, exact wording, and user
text that is hostile to each format (markup, formulas, control characters)
shown literally. Private answers that were withheld must appear nowhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest

from closeness.core.models import Entry, Period, Reflection
from closeness.core.prompts import Prompts, load_prompts
from closeness.sharing.as_csv import COLUMNS, to_csv
from closeness.sharing.as_html import CSP, to_html
from closeness.sharing.as_markdown import escape_block, to_markdown
from closeness.sharing.document import ExportDocument, build_document
from closeness.sharing.formats import FORMATS

D = dt.date
SECRET = "SECRET-withheld-note"
HOSTILE = '*x* [link](x) <script>alert(1)</script> "quoted", comma'
UPDATED = dt.datetime(2026, 11, 20, 21, 29, 51, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return load_prompts()


def entries() -> list[Entry]:
    """Three days (given newest first, to check the ordering), one of them
    hostile in every way, one with a private note and empty answers."""
    return [
        Entry.make(
            person="Sam",
            day=D(2026, 11, 22),
            closeness=4,
            best=HOSTILE,
            challenge="=SUM(A1)",
            appreciation='Line one\nLine two, "quoted"\n\x1b[31mred',
            need=None,
            moments=("hug", "star_gazing"),
            note="# not a heading\n> not a quote\n- not a list\n1. not a list",
        ),
        Entry.make(
            person="Sam",
            day=D(2026, 11, 21),
            closeness=9,
            best="",
            challenge="",
            need=3,
            note=SECRET,
            private=frozenset({"note"}),
        ),
        Entry.make(
            person="Sam",
            day=D(2026, 11, 20),
            closeness=7,
            best="Dinner together 🍲, at Zoë's",
            challenge="Work ran late",
            appreciation="The tea you made me",
            need=2,
            moments=("walk",),
            updated_at=UPDATED,
        ),
    ]


def reflections() -> list[Reflection]:
    return [
        Reflection(
            person="Sam",
            kind="week",
            since=D(2026, 11, 16),
            until=D(2026, 11, 22),
            answers=(
                ("connecting", "Our *walk*"),
                ("appreciation", ""),  # skipped: left out
                ("felt_loved", "Soup <b>when</b> I was ill"),
                ("asked_elsewhere", "An id this install does not know"),
            ),
        )
    ]


def document(include_private: bool = False, period: Period | None = None) -> ExportDocument:
    return build_document(
        "Sam",
        entries(),
        reflections(),
        period=period,
        include_private=include_private,
        exported_at=dt.datetime(2026, 11, 22, 21, 30, tzinfo=dt.UTC),
    )


# -- every format ----------------------------------------------------------------


def test_the_formats_are_registered(prompts: Prompts) -> None:
    doc = document()
    assert FORMATS["markdown"].render(doc, prompts) == to_markdown(doc, prompts)
    assert FORMATS["csv"].render(doc, prompts) == to_csv(doc, prompts)
    assert FORMATS["html"].render(doc, prompts) == to_html(doc, prompts)
    assert set(FORMATS) == {"markdown", "json", "csv", "html"}


@pytest.mark.parametrize("name", ["markdown", "json", "csv", "html"])
def test_a_withheld_private_answer_appears_nowhere(name: str, prompts: Prompts) -> None:
    withheld = FORMATS[name].render(document(include_private=False), prompts)
    assert SECRET not in withheld
    included = FORMATS[name].render(document(include_private=True), prompts)
    assert SECRET in included


@pytest.mark.parametrize("name", ["markdown", "csv", "html"])
def test_an_empty_document_is_still_a_document(name: str, prompts: Prompts) -> None:
    empty = build_document(
        "Sam", [], [], period=None, include_private=False, exported_at=dt.datetime.now(dt.UTC)
    )
    text = FORMATS[name].render(empty, prompts)
    if name == "csv":
        assert text == ",".join(COLUMNS) + "\r\n"
    else:
        assert "No check-ins in this period." in text
        assert "Check-ins of Sam" in text


# -- Markdown --------------------------------------------------------------------


def test_markdown_structure(prompts: Prompts) -> None:
    text = to_markdown(document(), prompts)
    assert text.startswith(
        "# Check-ins of Sam\n\n"
        "20–22 November 2026\n\n"
        # Nothing says an answer was left out: that is the sender's to know.
        "## Friday 20 November 2026\n\n"
        "**Closeness: 7/10**\n\n"
        "- **Best part:** Dinner together 🍲, at Zoë's\n"
        "- **Hardest part:** Work ran late\n"
        "- **Appreciated:** The tea you made me\n"
        "- **Support needed:** Process: emotional support and validation\n"
        "- **Moments:** A walk or shared activity\n\n"
        # Empty answers and the withheld note are left out entirely.
        "## Saturday 21 November 2026\n\n"
        "**Closeness: 9/10**\n\n"
        "- **Support needed:** Meaning: reassurance about myself or us\n\n"
        "## Sunday 22 November 2026\n\n"
    )
    assert text.endswith(
        "## Reflections\n\n"
        "### Weekly reflection, 16–22 November 2026\n\n"
        "**One thing that felt connecting this week?**  \n"
        "Our \\*walk\\*\n\n"
        "**What did your partner do this week that made you feel loved?**  \n"
        "Soup \\<b>when\\</b> I was ill\n\n"
        "**asked_elsewhere**  \n"
        "An id this install does not know\n"
    )
    assert "An appreciation" not in text  # the skipped reflection question


def test_markdown_escapes_user_text_and_keeps_newlines(prompts: Prompts) -> None:
    day = to_markdown(document(), prompts).split("## Sunday 22 November 2026\n\n")[1]
    assert day.split("\n\n## Reflections")[0] == (
        "**Closeness: 4/10**\n\n"
        "- **Best part:** \\*x\\* \\[link\\](x) \\<script>alert(1)\\</script> "
        '"quoted", comma\n'
        "- **Hardest part:** \\=SUM(A1)\n"
        '- **Appreciated:** Line one  \n  Line two, "quoted"  \n  ␛\\[31mred\n'
        "- **Moments:** A 20-second hug, star_gazing\n"
        "- **Note:** \\# not a heading  \n"
        "  \\> not a quote  \n"
        "  \\- not a list  \n"
        "  1\\. not a list"
    )


def test_markdown_included_private_answers_are_marked(prompts: Prompts) -> None:
    text = to_markdown(document(include_private=True), prompts)
    assert "This export includes answers marked private." in text
    assert "left out" not in text
    assert f"- **Note (private):** {SECRET}\n" in text


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        # Ordinary punctuation stays as typed, for plain-text email.
        ("It's 5 p.m. (really) - fine! Done.", "It's 5 p.m. (really) - fine! Done."),
        ("I <3 you & me, 100%", "I <3 you & me, 100%"),
        ("snake_case_word", "snake_case_word"),
        # Markup does not.
        ("_under_ __strong__", "\\_under\\_ \\_\\_strong\\_\\_"),
        ("`code` ~~gone~~ a|b", "\\`code\\` \\~\\~gone\\~\\~ a\\|b"),
        ("&amp; &#38; <http://x.y> <!-- c -->", "\\&amp; &\\#38; \\<http://x.y> \\<!-- c -->"),
        ("![img](x)", "!\\[img\\](x)"),
        ("back\\slash", "back\\\\slash"),
        ("+ item", "\\+ item"),
        ("2) item", "2\\) item"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("   # indented", "\\# indented"),
        ("a\r\nb\rc", "a  \nb  \nc"),
        ("a\n\n\n\nb", "a\n\nb"),
        # A bidi override is shown as its code (and that backslash escaped).
        ("\u202eevil", "\\\\u202eevil"),
    ],
)
def test_markdown_escaping(typed: str, escaped: str) -> None:
    assert escape_block(typed) == escaped


def test_markdown_renders_user_text_literally(prompts: Prompts) -> None:
    """Rendered by a real CommonMark parser (with GFM tables and
    strikethrough), user text makes no markup of its own."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rendered = parser.render(to_markdown(document(), prompts))
    for tag in ("<em>", "<a ", "<script", "<blockquote>", "<ol>", "<h1>not", "<table", "<b>"):
        assert tag not in rendered
    assert "*x* [link](x) &lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "<li><strong>Note:</strong> # not a heading<br />\n&gt; not a quote<br />" in rendered
    # One heading per day and the title, reflections and the reflection.
    assert rendered.count("<h2>") == 4
    assert rendered.count("<h1>") == 1


# -- CSV -------------------------------------------------------------------------


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_rows_parse_back_to_the_values(prompts: Prompts) -> None:
    text = to_csv(document(), prompts)
    assert not text.startswith("\ufeff")
    assert text.endswith("\r\n")
    rows = parse_csv(text)
    assert tuple(rows[0]) == COLUMNS
    assert rows[1] == [
        "Sam", "2026-11-20", "7", "Dinner together 🍲, at Zoë's", "Work ran late",
        "The tea you made me", "2", "walk", "", "", "", "2026-11-20T21:29:51+00:00",
    ]  # fmt: skip
    # The withheld note is an empty cell; empty answers stay empty.
    assert rows[2] == ["Sam", "2026-11-21", "9", "", "", "", "3", "", "", "", "", ""]
    assert rows[3] == [
        "Sam", "2026-11-22", "4", HOSTILE, "'=SUM(A1)",
        "Line one\nLine two, \"quoted\"\n\x1b[31mred", "", "hug; star_gazing", "", "",
        "# not a heading\n> not a quote\n- not a list\n1. not a list", "",
    ]  # fmt: skip
    assert len(rows) == 4  # one row per entry; reflections are not in the CSV


def test_csv_quotes_only_where_needed(prompts: Prompts) -> None:
    lines = to_csv(document(), prompts).split("\r\n")
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == (
        'Sam,2026-11-20,7,"Dinner together 🍲, at Zoë\'s",Work ran late,The tea you made me,2,'
        "walk,,,,2026-11-20T21:29:51+00:00"
    )


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2 and more", "'-2 and more"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a = b", "a = b"),
        ("'quoted'", "'quoted'"),
    ],
)
def test_csv_guards_against_formulas(value: str, cell: str, prompts: Prompts) -> None:
    entry = Entry.make(person="Sam", day=D(2026, 11, 20), closeness=5, best=value, note=value)
    doc = build_document(
        "Sam", [entry], [], period=None, include_private=False, exported_at=UPDATED
    )
    row = parse_csv(to_csv(doc, prompts))[1]
    assert row[3] == row[10] == cell


def test_csv_with_private_answers_included(prompts: Prompts) -> None:
    rows = parse_csv(to_csv(document(include_private=True), prompts))
    assert rows[2][10] == SECRET


# -- HTML ------------------------------------------------------------------------

VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "source", "area", "col", "embed"}
SVG_EMPTY = {"line", "rect", "path", "circle", "polyline"}


class StrictParser(HTMLParser):
    """Records every tag and attribute, and fails on a tag that is closed
    out of order or never closed (html.parser itself is forgiving)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID | SVG_EMPTY:
            self.errors.append(f"<{tag}/> is not an empty element")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        (self.styles if self.stack and self.stack[-1] == "style" else self.text).append(data)


def parse_html(text: str) -> StrictParser:
    parser = StrictParser()
    parser.feed(text)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def test_html_is_well_formed_and_self_contained(prompts: Prompts) -> None:
    text = to_html(document(), prompts)
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    page = parse_html(text)
    metas = [attrs for tag, attrs in page.tags if tag == "meta"]
    assert {"http-equiv": "Content-Security-Policy", "content": CSP} in metas
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'"
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in metas
    tags = {tag for tag, _ in page.tags}
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object", "a", "form", "base"})
    # Nothing that could reach the network: no URLs in any attribute or in the CSS.
    for tag, attrs in page.tags:
        assert "href" not in attrs and "src" not in attrs, tag
        for name, value in attrs.items():
            if (tag, name) != ("svg", "xmlns"):
                assert not re.search(r"https?:|//", value or ""), (tag, name, value)
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css and "//" not in css
    assert not re.search(r"https?://", text.replace('xmlns="http://www.w3.org/2000/svg"', ""))


def test_html_shows_user_text_as_text(prompts: Prompts) -> None:
    text = to_html(document(), prompts)
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&quot;quoted&quot;, comma" in text
    page = parse_html(text)
    shown = "".join(page.text)
    assert HOSTILE in shown
    assert "Line one\nLine two" in shown  # newlines kept (CSS pre-wrap shows them)
    assert "␛[31mred" in shown and "\x1b" not in text
    assert "star_gazing" in shown and "A 20-second hug" in shown
    assert "Soup <b>when</b> I was ill" in shown  # a reflection answer
    assert "What did your partner do this week that made you feel loved?" in shown
    assert "white-space: pre-wrap" in "".join(page.styles)


def test_html_escapes_names_and_moment_keys(prompts: Prompts) -> None:
    entry = Entry.make(person="<i>Sam</i>", day=D(2026, 11, 20), closeness=5, moments=("<b>k",))
    doc = build_document(
        "<i>Sam</i>", [entry], [], period=None, include_private=False, exported_at=UPDATED
    )
    text = to_html(doc, prompts)
    assert "<i>" not in text and "<b>" not in text
    assert "<title>Check-ins of &lt;i&gt;Sam&lt;/i&gt;</title>" in text
    assert "<li>&lt;b&gt;k</li>" in text


def test_html_header_and_cards(prompts: Prompts) -> None:
    page = parse_html(to_html(document(include_private=True), prompts))
    shown = "".join(page.text)
    assert "Check-ins of Sam" in shown
    assert "20–22 November 2026" in shown
    assert "This export includes answers marked private." in shown
    assert "Note (private)" in shown
    days = [attrs["datetime"] for tag, attrs in page.tags if tag == "time"]
    assert days == ["2026-11-20", "2026-11-21", "2026-11-22"]
    assert "Friday 20 November 2026" in shown and "7/10" in shown
    assert "Process: emotional support and validation" in shown
    widths = [a["style"] for t, a in page.tags if t == "span" and a.get("style")]
    assert widths == ["width:70%", "width:90%", "width:40%"]  # the score bars
    assert shown.rstrip().endswith("nothing here was sent anywhere.")


def test_html_chart_has_a_bar_per_check_in_and_gaps(prompts: Prompts) -> None:
    period = Period(D(2026, 11, 15), D(2026, 11, 28))
    page = parse_html(to_html(document(period=period), prompts))
    svg = next(attrs for tag, attrs in page.tags if tag == "svg")
    assert svg["role"] == "img"
    assert svg["viewbox"].startswith("0 0 ")  # html.parser lowercases names
    assert "width" not in svg  # it scales with the page
    tags = [tag for tag, _ in page.tags]
    assert "title" in tags[tags.index("svg") :]
    bars = [attrs for tag, attrs in page.tags if tag == "rect"]
    assert len(bars) == 3  # 14 days, 3 with a check-in: the rest are gaps
    heights = [float(bar["height"]) for bar in bars]
    assert heights[0] / heights[1] == pytest.approx(7 / 9, rel=0.01)
    shown = "".join(page.text)
    assert "Days with a check-in: 3 of 14. Scores from 4 to 9, out of 10." in shown
    assert "Friday 20 November 2026: 7/10" in shown
    assert "15 Nov" in shown and "28 Nov" in shown  # the x axis names the ends
    assert all(str(tick) in shown for tick in (1, 4, 7, 10))


def test_html_chart_for_one_day_and_for_a_year(prompts: Prompts) -> None:
    one = build_document(
        "Sam", entries()[:1], [], period=None, include_private=False, exported_at=UPDATED
    )
    assert len([t for t, _ in parse_html(to_html(one, prompts)).tags if t == "rect"]) == 1
    year = build_document(
        "Sam",
        [Entry.make(person="Sam", day=D(2026, 1, 1) + dt.timedelta(days=n), closeness=n % 10 + 1)
         for n in range(0, 365, 2)],
        [],
        period=None,
        include_private=False,
        exported_at=UPDATED,
    )  # fmt: skip
    page = parse_html(to_html(year, prompts))
    assert len([t for t, _ in page.tags if t == "rect"]) == 183
    dates = [t for t in page.text if re.fullmatch(r"[0-9]+ [A-Z][a-z]+( [0-9]+)?", t)]
    assert dates == ["1 Jan", "2 Apr", "2 Jul", "1 Oct", "31 Dec"]  # evenly spread, no year


def test_html_chart_dates_name_the_year_across_new_year(prompts: Prompts) -> None:
    period = Period(D(2026, 12, 20), D(2027, 1, 9))
    text = to_html(document(period=period), prompts)
    assert ">20 Dec 2026</text>" in text and ">9 Jan 2027</text>" in text
