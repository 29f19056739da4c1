"""`closeness review --svg`: what a recording console printed, saved as an
SVG that reaches for nothing online."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from closeness.store.files import atomic_write

# Rich's own template (rich/_export_format.py) without what would reach the
# network: its web fonts come from a CDN. Local monospace fonts instead, and
# no clip paths (Rich refers to them with url(#…); they only guard against
# glyphs taller than a line).
SVG_FORMAT = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <style>

    .{unique_id}-matrix {{
        font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: sans-serif;
    }}

    {styles}
    </style>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""
# DejaVu Sans Mono's advance width over its size (Fira Code, Rich's default, is 0.61).
SVG_FONT_ASPECT = 0.602
# Rich puts clip-path="url(#terminal-…-line-N)" on every text run. User text
# cannot produce this: Rich escapes quotes in it (&quot;).
_CLIP_PATH = re.compile(r' clip-path="url\(#[^"()]*\)"')


SVG_WIDTH = 80  # columns: the picture is the same whatever terminal made it


def svg_console(width: int = SVG_WIDTH) -> Console:
    """A console that records what is printed for `save_svg`, in colour,
    writing nowhere else."""
    return Console(
        file=io.StringIO(),
        record=True,
        width=width,
        color_system="truecolor",
        no_color=False,
        highlight=False,
        emoji=False,
    )


def svg_text(console: Console, *, title: str = "") -> str:
    """What a recording console printed, as an SVG with no online reference."""
    svg = console.export_svg(title=title, code_format=SVG_FORMAT, font_aspect_ratio=SVG_FONT_ASPECT)
    return _CLIP_PATH.sub("", svg)


def save_svg(console: Console, path: Path, *, title: str = "") -> None:
    """Save what a recording console (`svg_console`) printed as an SVG file,
    atomically and readable only by you (0600)."""
    atomic_write(path, svg_text(console, title=title))
