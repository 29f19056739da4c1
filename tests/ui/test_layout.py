"""closeness.ui.layout: lines and grids of Rich Text laid out by hand. It
claims to draw what Rich's Text, nested Padding and Table.grid draw, down to
the segments (text and style), except that no line keeps trailing spaces; so
each case is drawn both ways and compared, Rich's lines right-stripped."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size
from rich.console import Console, OverflowMethod, RenderableType
from rich.control import Control
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from closeness.ui.layout import Block, Column, Page, Row, grid, indented, rstrip

Line = list[Segment]
BOLD, DIM, RED = Style(bold=True), Style(dim=True), Style(color="red")


def console(width: int) -> Console:
    return Console(
        width=max(width, 1), force_terminal=True, color_system="truecolor", legacy_windows=False
    )


def lines(renderable: RenderableType, width: int) -> list[Line]:
    """What a console `width` cells wide draws, line by line, unpadded."""
    drawing = console(width)
    return drawing.render_lines(renderable, drawing.options.update_width(width), pad=False)


def by_rich(renderable: RenderableType, width: int) -> list[Line]:
    """Rich's own drawing, with the one intended difference taken out."""
    return [rstrip(line) for line in lines(renderable, width)]


def plain(drawn: list[Line]) -> list[str]:
    return ["".join(segment.text for segment in line) for line in drawn]


def table_grid(
    rows: Sequence[Row], columns: Sequence[Column], *, indent: int = 0, wraps: bool = True
) -> RenderableType:
    """The Table.grid that `grid(rows, columns, ..., indent=, wraps=)` stands
    for (as the review built them before layout.py): one padding for every
    column, one-line cells cut with …, the last column's Text wrapping (words
    too long cut with …) or cropped."""
    assert len({column.pad for column in columns}) <= 1, "Table.grid pads all columns alike"
    table = Table.grid(padding=(0, columns[0].pad if columns else 0))
    for column in columns:
        table.add_column(
            style=column.style,
            justify=column.justify,
            no_wrap=True,
            overflow="ellipsis",
            max_width=column.max_width,
        )
    table.add_column(no_wrap=not wraps, overflow="ellipsis" if wraps else "crop")
    for cells, text in rows:
        table.add_row(*(Text(words, style=style) for words, style in cells), text.copy())
    return Padding(table, (0, 0, 0, indent)) if indent else table


def nested_padding(text: Text, *indents: int, overflow: OverflowMethod = "fold") -> RenderableType:
    """What `indented(text, width, *indents, overflow=)` stands for."""
    drawn: RenderableType = Text(text.plain, style=text.style, spans=text.spans, overflow=overflow)
    for indent in reversed(indents):
        drawn = Padding(drawn, (0, 0, 0, indent))
    return drawn


def same_as_rich_grid(
    rows: Sequence[Row], columns: Sequence[Column], width: int, indent: int = 0, wraps: bool = True
) -> list[Line]:
    """grid()'s page, asserted equal to Table.grid's at the same width."""
    drawn = lines(Page(grid(rows, columns, width, indent=indent, wraps=wraps)), width + indent)
    assert drawn == by_rich(table_grid(rows, columns, indent=indent, wraps=wraps), width + indent)
    return drawn


# What the review lays out: a summary, counts with bars, dated answers.
SUMMARY: list[Row] = [
    ([("Check-ins", "")], Text("5 of 7 days, the last one yesterday evening")),
    ([("Closeness", "")], Text.assemble(("7.2", "bold"), (" ↑ from 6.1 the week before", "dim"))),
]
COUNTS: list[Row] = [
    ([("1 Quality time together", "bold"), ("12", "bold")], Text("▇" * 12, style="magenta")),
    ([("2 Words of affirmation and a much longer name", ""), ("3", "")], Text("▇" * 3)),
    ([("none", "dim"), ("0", "dim")], Text("", style="magenta")),
]
WIDE: list[Row] = [
    ([("月曜日", "")], Text("散歩に行きました。とても楽しかったです。また行きたい。")),
    ([("Tue 😀", "")], Text("A hug 🤗 and tea 🍵 by the window, then 🌳🌳🌳 walking")),
]
GRIDS = {
    "summary": (SUMMARY, [Column(pad=2, style="bold")]),
    "counts": (COUNTS, [Column(pad=2, max_width=30), Column(pad=2, justify="right")]),
    "wide": (WIDE, [Column(pad=1, style="dim")]),
}


# -- rstrip ----------------------------------------------------------------------


def test_rstrip_drops_trailing_whitespace_whatever_its_style() -> None:
    line = [Segment("Tea ", BOLD), Segment("  ", RED), Segment(" \t", None)]
    assert rstrip(line) == [Segment("Tea", BOLD)]


def test_rstrip_keeps_spaces_inside_the_line_and_their_styles() -> None:
    line = [Segment(" a ", BOLD), Segment("  ", RED), Segment("b  c", DIM)]
    assert rstrip(line) == line


def test_rstrip_stops_at_a_control_segment() -> None:
    bell = Control.bell().segment
    line = [Segment("a  ", BOLD), bell]
    assert rstrip(line) == line
    assert rstrip([Segment("a  ", BOLD), bell, Segment("  ")]) == [Segment("a  ", BOLD), bell]


@pytest.mark.parametrize("line", [[], [Segment("")], [Segment("   ", RED), Segment(" ")]])
def test_rstrip_of_an_empty_or_blank_line_is_empty(line: Line) -> None:
    assert rstrip(line) == []


def test_rstrip_leaves_its_argument_alone() -> None:
    line = [Segment("a", BOLD), Segment("  ")]
    rstrip(line)
    assert line == [Segment("a", BOLD), Segment("  ")]


# -- lines: Block, indented, Page --------------------------------------------------

TEXTS = {
    "words": Text("A long walk by the river after dinner, then tea on the balcony."),
    "styled": Text.assemble(("Tea", "bold"), " and ", ("a long talk", "italic"), " tonight."),
    "newlines": Text("first line\n\nthird line, which is longer than the others\n"),
    "tab": Text("a\tb\tc"),
    "long-word": Text("supercalifragilisticexpialidocious-and-then-some"),
    "cjk": Text("今日は二人で長い散歩をして、夕食の後にお茶を飲みました。"),
    "emoji": Text("🤗 hug 🍵 tea 🌳🌳🌳🌳🌳🌳🌳🌳🌳🌳 and ❤️ love"),
    "spaces": Text("trailing spaces   \n   and leading ones   "),
}


@pytest.mark.parametrize("name", list(TEXTS))
@pytest.mark.parametrize("width", [1, 2, 7, 20, 80])
def test_a_block_draws_its_text_as_rich_draws_it(name: str, width: int) -> None:
    text = TEXTS[name]
    drawn = lines(Page([Block(text, width)]), width)
    assert drawn == by_rich(text, width)
    assert all(cell_len(line) <= width for line in plain(drawn))


@pytest.mark.parametrize("overflow", ["fold", "ellipsis", "crop"])
@pytest.mark.parametrize("name", ["long-word", "cjk", "emoji", "styled"])
@pytest.mark.parametrize("indents", [(2,), (2, 2), (4, 1)])
def test_indented_is_nested_padding(
    name: str, indents: tuple[int, ...], overflow: OverflowMethod
) -> None:
    for width in (sum(indents), sum(indents) + 1, 12, 30):
        block = indented(TEXTS[name], width, *indents, overflow=overflow)
        assert block.width == width - sum(indents)
        assert lines(Page([block]), width) == by_rich(
            nested_padding(TEXTS[name], *indents, overflow=overflow), width
        )


def test_wrapping_counts_cells_not_characters() -> None:
    # Each of these characters is two cells wide: ten of them fill 20 cells.
    drawn = plain(lines(Page([Block(TEXTS["cjk"], 20)]), 20))
    assert drawn == ["今日は二人で長い散歩", "をして、夕食の後にお", "茶を飲みました。"]
    assert [cell_len(line) for line in drawn] == [20, 20, 16]
    emoji = plain(lines(Page([indented(Text("🌳" * 7), 10, 2)]), 10))
    assert emoji == ["  🌳🌳🌳🌳", "  🌳🌳🌳"]


@pytest.mark.parametrize(
    ("overflow", "expected"),
    [
        ("fold", ["supercalif", "ragilistic", "expialidoc", "ious-and-t", "hen-some"]),
        ("ellipsis", ["supercali…"]),
        ("crop", ["supercalif"]),
    ],
)
def test_a_word_longer_than_the_line(overflow: OverflowMethod, expected: list[str]) -> None:
    block = Block(TEXTS["long-word"], 10, overflow=overflow)
    assert plain(lines(Page([block]), 10)) == expected


def test_no_wrap_cuts_each_line() -> None:
    block = Block(TEXTS["newlines"], 12, overflow="crop", no_wrap=True)
    assert plain(lines(Page([block]), 12)) == ["first line", "", "third line,", ""]
    text = TEXTS["newlines"].copy()
    text.no_wrap, text.overflow = True, "crop"
    assert lines(Page([block]), 12) == by_rich(text, 12)


def test_no_line_keeps_trailing_spaces() -> None:
    page = Page([indented(TEXTS["spaces"], 30, 2), Block(Text("x    ", style="on red"), 30)])
    drawn = plain(lines(page, 30))
    assert drawn == ["  trailing spaces", "     and leading ones", "x"]


def test_blocks_follow_each_other_each_after_its_own_pieces() -> None:
    first = Block(Text("one two three"), 6, first=[("* ", "bold")], rest=[("  ", None)])
    second = Block(Text("four"), 8, first=[("> ", None)])
    assert plain(lines(Page([first, second]), 8)) == ["* one", "  two", "  three", "> four"]
    assert lines(Page([first]), 8)[0][0] == Segment("* ", BOLD)
    assert lines(Page([first]), 8)[1][0] == Segment("  ")  # no style at all


def test_a_console_narrower_than_the_page_cuts_the_lines() -> None:
    block = Block(Text("abcdefghij klmnop 日本語テキスト"), 30)
    assert plain(lines(Page([block]), 30)) == ["abcdefghij klmnop", "日本語テキスト"]
    assert plain(lines(Page([block]), 12)) == ["abcdefghij k", "日本語テキス"]
    # A wide character cut in half leaves a blank, which is then stripped.
    assert plain(lines(Page([block]), 11)) == ["abcdefghij", "日本語テキ"]
    for width in range(1, 31):
        for wide, cut in zip(
            plain(lines(Page([block]), 30)), plain(lines(Page([block]), width)), strict=True
        ):
            assert cut == set_cell_size(wide, width).rstrip()


def test_empty_input() -> None:
    assert lines(Page([]), 20) == []
    # An empty text is one empty line, as Rich draws it.
    assert lines(Page([Block(Text(), 20)]), 20) == [[]] == by_rich(Text(), 20)
    assert lines(Page([indented(Text(), 20, 2)]), 20) == [[]]
    # No room at all: nothing, as Rich draws nothing (a grid row still has its cells).
    assert lines(Page([Block(Text("words"), 0)]), 20) == []
    assert lines(Page([indented(Text("words"), 2, 2)]), 2) == by_rich(
        nested_padding(Text("words"), 2), 2
    )
    assert lines(Page([Block(Text("words"), 0, first=[("ab", None)], row=True)]), 2) == [
        [Segment("ab")]
    ]


# -- grids -------------------------------------------------------------------------


def test_grid_columns_are_as_wide_as_their_widest_cell() -> None:
    blocks = grid(SUMMARY, [Column(pad=2, style="bold")], 60, indent=4)
    # The longest text is 43 cells: Table.grid does not stretch it to the page.
    assert [block.width for block in blocks] == [43, 43]
    assert blocks[0].first == [("    ", "none"), ("Check-ins", "bold"), ("  ", "bold")]
    assert blocks[0].rest == [("    ", "none"), (" " * 11, "bold")]
    assert all(block.row and block.overflow == "ellipsis" for block in blocks)
    # Short of room, the wrapping text gives up width first...
    assert [block.width for block in grid(SUMMARY, [Column(pad=2)], 20)] == [9, 9]
    # ...and when even that is not enough, the label is cut too.
    squeezed = grid(SUMMARY, [Column(pad=2)], 8)
    assert [block.width for block in squeezed] == [0, 0]
    assert squeezed[0].first == [("Check…", None), ("  ", "none")]
    assert plain(same_as_rich_grid(SUMMARY, [Column(pad=2)], 8)) == ["Check…", "Close…"]


def test_grid_label_widths_capped_and_counts_right_justified() -> None:
    columns = [Column(pad=2, max_width=30), Column(pad=2, justify="right")]
    drawn = plain(same_as_rich_grid(COUNTS, columns, 60, indent=2, wraps=False))
    assert drawn == [
        "  1 Quality time together         12  ▇▇▇▇▇▇▇▇▇▇▇▇",
        "  2 Words of affirmation and a …   3  ▇▇▇",
        "  none                             0",
    ]


def test_grid_wraps_the_last_column_under_itself() -> None:
    drawn = plain(same_as_rich_grid(*GRIDS["summary"], 30))
    assert drawn == [
        "Check-ins  5 of 7 days, the",
        "           last one yesterday",
        "           evening",
        "Closeness  7.2 ↑ from 6.1 the",
        "           week before",
    ]


def test_grid_of_wide_characters_sizes_cells_by_cells() -> None:
    drawn = plain(same_as_rich_grid(*GRIDS["wide"], 24, indent=2))
    # A sentence without spaces is one word: too long for the line, cut with …
    assert drawn[:2] == ["  月曜日 散歩に行きました…", "  Tue 😀 A hug 🤗 and tea"]
    assert all(cell_len(line) <= 26 for line in drawn)
    # Where a two-cell character does not fit before the …, a space does.
    narrow = plain(same_as_rich_grid(WIDE, [Column(pad=1, max_width=3)], 10))
    assert narrow[:2] == ["月… 散歩 …", "Tu… A hug"]


@pytest.mark.parametrize("wraps", [True, False])
@pytest.mark.parametrize("indent", [0, 2])
@pytest.mark.parametrize("name", list(GRIDS))
def test_grid_matches_table_grid_at_every_width(name: str, indent: int, wraps: bool) -> None:
    rows, columns = GRIDS[name]
    for width in range(1, 64):  # to wider than the widest of them (61)
        same_as_rich_grid(rows, columns, width, indent=indent, wraps=wraps)


def test_grid_without_room_draws_nothing() -> None:
    assert grid(SUMMARY, [Column(pad=2)], 0) == []
    assert by_rich(table_grid(SUMMARY, [Column(pad=2)]), 0) == []


def test_grid_of_no_rows_draws_nothing() -> None:
    assert by_rich(table_grid([], [Column(pad=2)]), 20) == []
    assert grid([], [Column(pad=2)], 20) == []


# -- any rows, any width -------------------------------------------------------------

CHARS = st.sampled_from([*"ab yz-.", "é", "…", "日", "本", "😀", "🌳"])
WORDS = st.text(CHARS, max_size=30)
STYLES = st.sampled_from(["", "bold", "dim", "magenta"])
# A Text of a few differently styled runs, with line breaks (and tabs).
PARTS = st.lists(
    st.tuples(st.text(st.sampled_from([*"ab \n\t", "日", "😀"]), max_size=50), STYLES),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(st.tuples(WORDS, STYLES, WORDS, STYLES), min_size=1, max_size=3),
    texts=st.lists(PARTS, min_size=3, max_size=3),
    two=st.booleans(),
    pad=st.integers(0, 3),
    width=st.integers(1, 50),
    indent=st.integers(0, 3),
    wraps=st.booleans(),
    justify=st.sampled_from(["left", "right"]),
    max_width=st.sampled_from([None, 4, 30]),
    style=STYLES,
)
def test_any_grid_is_drawn_as_table_grid_draws_it(
    cells: list[tuple[str, str, str, str]],
    texts: list[list[tuple[str, str]]],
    two: bool,
    pad: int,
    width: int,
    indent: int,
    wraps: bool,
    justify: str,
    max_width: int | None,
    style: str,
) -> None:
    columns = [Column(pad=pad, style=style, max_width=max_width)]
    if two:
        columns.append(Column(pad=pad, justify="right" if justify == "right" else "left"))
    rows: list[Row] = [
        ([(a, a_style), (b, b_style)][: len(columns)], Text.assemble(*parts))
        for (a, a_style, b, b_style), parts in zip(cells, texts, strict=False)
    ]
    same_as_rich_grid(rows, columns, width, indent=indent, wraps=wraps)


@settings(max_examples=80, deadline=None)
@given(
    parts=PARTS,
    width=st.integers(0, 40),
    indents=st.lists(st.integers(1, 4), max_size=2),
    overflow=st.sampled_from(["fold", "ellipsis", "crop"]),
)
def test_any_text_is_drawn_as_nested_padding_draws_it(
    parts: list[tuple[str, str]], width: int, indents: list[int], overflow: OverflowMethod
) -> None:
    text = Text.assemble(*parts)
    block = indented(text, width, *indents, overflow=overflow)
    assert lines(Page([block]), width) == by_rich(
        nested_padding(text, *indents, overflow=overflow), width
    )


# -- side by side ----------------------------------------------------------------


def test_beside_pairs_the_lines_of_two_stacks_the_left_padded_to_its_width() -> None:
    from closeness.ui.layout import Beside

    def text(line: Line) -> str:
        return "".join(segment.text for segment in line)

    left = [Block(Text("one two three four"), 8), Block(Text("five"), 8)]
    right = [Block(Text("a"), 10)]
    drawn = lines(Page([Beside(left, right, 8, 3), Block(Text("after"), 20)]), 21)
    assert [text(line) for line in drawn] == [
        "one two    a",
        "three",
        "four",
        "five",
        "after",
    ]
    # The right stack longer: the left blank beside it, no trailing spaces.
    drawn = lines(Page([Beside(right, left, 4, 1)]), 13)
    assert [text(line) for line in drawn] == [
        "a    one two",
        "     three",
        "     four",
        "     five",
    ]
    # Narrower than the two: each side cut to its share, never past the width.
    drawn = lines(Page([Beside([Block(Text("x" * 10), 10)], [Block(Text("y" * 10), 10)], 10)]), 15)
    assert [text(line) for line in drawn] == ["x" * 10 + "  " + "yyy"]
