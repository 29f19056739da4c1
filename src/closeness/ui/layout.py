"""Text laid out in lines by hand: wrapped paragraphs, indents and grids,
printed without trailing spaces.

Rich's Group, Padding and Table.grid measure and re-render every cell
through several layers (printing a week's review took 7-15 ms), and
rich.table alone takes some 3.5 ms to import (it pulls in fractions and
decimal). The rules below are the ones those classes follow, down to the
segments they produce: the escape codes, and an SVG (whose ids hash every
segment), come out byte for byte the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, OverflowMethod, RenderResult
from rich.segment import Segment
from rich.text import Text

# Text and a style name: a segment drawn as it stands (an indent, a grid
# cell). None is no style at all, "none" Rich's null style (what Padding uses).
Piece = tuple[str, str | None]
# A grid row: a text and its style for each Column, then the Text of the last.
Row = tuple[Sequence[tuple[str, str]], Text]


class Block(NamedTuple):
    """A Text wrapped (or, with `no_wrap`, cut) to `width` cells, its first
    line after the pieces in `first` and each other line after those in
    `rest`: an indent, a grid's cells left of the one that wraps."""

    text: Text
    width: int
    first: Sequence[Piece] = ()
    rest: Sequence[Piece] = ()
    overflow: OverflowMethod = "fold"
    no_wrap: bool = False
    row: bool = False  # a grid row: a line high even when `width` is 0


def indented(text: Text, width: int, *indents: int, overflow: OverflowMethod = "fold") -> Block:
    """`text` wrapped in the `width` cells left after the indents (each one
    a segment of its own, as nested Padding draws them)."""
    margin = [(" " * indent, "none") for indent in indents]
    return Block(text, max(width - sum(indents), 0), margin, margin, overflow)


class Beside(NamedTuple):
    """Two stacks of blocks side by side: `left` in the first `left_width`
    cells, then `gap` blank cells, then `right`. The taller stack sets the
    height; the other is blank below its end."""

    left: Sequence[Block]
    right: Sequence[Block]
    left_width: int
    gap: int = 2


class Page:
    """Blocks (and pairs of stacks of blocks, `Beside`) one under another,
    each line without its trailing spaces: they would end up in pipes,
    files and copied text."""

    def __init__(self, blocks: Iterable[Block | Beside]) -> None:
        self.blocks = list(blocks)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        newline = Segment.line()
        for item in self.blocks:
            if isinstance(item, Beside):
                lines: Iterable[list[Segment]] = _beside_lines(item, console, options.max_width)
            else:
                lines = _block_lines(item, console, options.max_width)
            for line in lines:
                yield from rstrip(line)
                yield newline


def _block_lines(block: Block, console: Console, max_width: int) -> Iterator[list[Segment]]:
    """Each line of a block: its pieces, then its text's segments."""
    widest = max(sum(cell_len(t) for t, _ in p) for p in (block.first, block.rest))
    fits = widest + block.width <= max_width
    pieces = block.first
    for line in _text_lines(block, console):
        segments = [
            Segment(text, None if style is None else console.get_style(style))
            for text, style in pieces
        ]
        segments += line
        if not fits:  # a console narrower than the page: cut, as Rich does
            segments = Segment.adjust_line_length(segments, max_width, pad=False)
        yield segments
        pieces = block.rest


def _beside_lines(beside: Beside, console: Console, max_width: int) -> Iterator[list[Segment]]:
    """The two stacks' lines paired, the left ones cut or padded to its width."""
    left_width = min(beside.left_width, max_width)
    right_width = max(max_width - left_width - beside.gap, 0)
    left = [line for b in beside.left for line in _block_lines(b, console, left_width)]
    right = [line for b in beside.right for line in _block_lines(b, console, right_width)]
    space = Segment(" " * beside.gap)
    for index in range(max(len(left), len(right))):
        line = left[index] if index < len(left) else []
        if index >= len(right):
            yield line
            continue
        line = Segment.adjust_line_length(rstrip(line), left_width)
        yield [*line, space, *right[index]]


def _text_lines(block: Block, console: Console) -> Iterable[list[Segment]]:
    """The segments of each line of a block's text, as Text draws them:
    wrapped, then joined and rendered (joining makes a line's own style a
    span, which decides between no style and the null style on plain runs)."""
    text = block.text
    if block.width < 1:  # no room: Rich draws nothing, but a row its other cells
        return [[]] if block.row else []
    lines: Iterable[Text] = [text]  # one line that fits: what wrap returns, at no cost
    if "\n" in text.plain or "\t" in text.plain or text.cell_len > block.width:
        lines = text.wrap(
            console,
            block.width,
            overflow=block.overflow,
            no_wrap=block.no_wrap,
            tab_size=console.tab_size,
        )
    return Segment.split_lines(Text("\n").join(lines).render(console, end="\n"))


def rstrip(line: list[Segment]) -> list[Segment]:
    """`line` without trailing whitespace, whatever its style."""
    segments = list(line)
    while segments and not segments[-1].control and not segments[-1].text.rstrip():
        segments.pop()
    if segments and not segments[-1].control:
        last = segments[-1]
        segments[-1] = Segment(last.text.rstrip(), last.style)
    return segments


# -- grids ---------------------------------------------------------------------


class Column(NamedTuple):
    """A column of a Table.grid (padding collapsed, none at the edges) but
    the last, which holds each row's Text."""

    pad: int = 0  # blank cells after it
    style: str = ""  # the column's style, under its cells' own
    justify: Literal["left", "right"] = "left"
    max_width: int | None = None


def grid(
    rows: Sequence[Row],
    columns: Sequence[Column],
    available: int,
    *,
    indent: int = 0,
    wraps: bool = True,
) -> list[Block]:
    """The rows as Table.grid sizes and draws them, `indent` cells in, within
    `available`: the last column's Text wrapped (words too long cut with …)
    or, not `wraps`, cut."""
    if available < 1 or not rows:  # Rich draws nothing at all
        return []
    widest = [max(cell_len(cells[i][0]) for cells, _ in rows) for i in range(len(columns))]
    last = max(max((cell_len(line) for line in t.plain.splitlines()), default=0) for _, t in rows)
    *widths, text_width = _widths([*columns, Column()], [*widest, last], available, wraps=wraps)
    margin = [(" " * indent, "none")] if indent else []
    blank = [(" " * w, c.style or "none") for c, w in zip(columns, widths, strict=True)]
    return [
        Block(
            text,
            text_width,
            [*margin, *(p for c in zip(cells, columns, widths, strict=True) for p in _cell(*c))],
            [*margin, *blank],
            overflow="ellipsis" if wraps else "crop",
            no_wrap=not wraps,
            row=True,
        )
        for cells, text in rows
    ]


def _widths(
    columns: Sequence[Column], widest: Sequence[int], available: int, *, wraps: bool
) -> list[int]:
    """Each column's width, its padding included, as Table.grid sizes them:
    as wide as its widest line; when they do not fit, a wrapping last column
    gives up width first, then every column an even share."""

    def natural(column: Column, widest: int, limit: int) -> int:
        if limit < 1:
            return 0
        width = min(widest + column.pad, limit)
        if column.max_width is not None:
            width = min(width, column.max_width + column.pad)
        return width

    widths = [natural(c, w, available) or 1 for c, w in zip(columns, widest, strict=True)]
    excess = sum(widths) - available
    if excess <= 0:
        return widths
    if wraps:
        given = min(excess, widths[-1])
        widths[-1] -= given
        excess -= given
    if excess > 0:
        widths = _reduce_evenly(excess, widths)
    return [natural(*c) for c in zip(columns, widest, widths, strict=True)]


def _reduce_evenly(total: int, widths: list[int]) -> list[int]:
    """Rich's ratio_reduce with equal ratios (rich._ratio imports fractions):
    each width in turn gives its rounded share of what is left to take."""
    shares = sum(1 for width in widths if width)
    reduced: list[int] = []
    for width in widths:
        if not width:
            reduced.append(width)
            continue
        taken = min(width, round(total / shares))
        reduced.append(width - taken)
        total -= taken
        shares -= 1
    return reduced


def _cell(content: tuple[str, str], column: Column, width: int) -> list[Piece]:
    """A one-line cell `width` cells wide: its text cut with … or filled out
    with spaces in its own style, then the column's padding; blank in the
    column's style when the padding leaves no room."""
    inner = width - column.pad
    if inner < 1:
        return [(" " * width, column.style or "none")]
    plain, style = content
    text = Text(plain)
    if column.justify == "right":
        text.rstrip()
        text.truncate(inner, overflow="ellipsis")
        text.pad_left(inner - text.cell_len)
    else:
        text.truncate(inner, overflow="ellipsis", pad=True)
    own = f"{column.style} {style}".strip() or None
    pad = [(" " * column.pad, column.style or "none")] if column.pad else []
    return [(text.plain, own), *pad]
