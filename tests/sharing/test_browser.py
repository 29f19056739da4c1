"""The HTML export in a real browser (slow: headless Chromium, Debian's
package; skipped when it is not installed), and the screenshot script."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_export_formats import document

from closeness.core.models import Entry
from closeness.core.prompts import Prompts, load_prompts
from closeness.sharing.as_html import PIXELS_MIN_DAYS, to_html
from closeness.sharing.document import build_document

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot-html.sh"


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return load_prompts()


def chromium_screenshot(html_file: Path, png: Path, width: int) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}", f"--window-size={width},1600",
                f"--screenshot={png}", html_file.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )  # fmt: skip


needs_chromium = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason=f"no headless browser: {CHROMIUM} is not installed"
)


@needs_chromium
@pytest.mark.parametrize("width", [390, 1000])
def test_html_renders_in_headless_chromium(width: int, tmp_path: Path, prompts: Prompts) -> None:
    page = tmp_path / "export.html"
    page.write_text(to_html(document(include_private=True), prompts), encoding="utf-8")
    png = tmp_path / "export.png"
    result = chromium_screenshot(page, png, width)
    assert png.exists(), result.stderr
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000  # a page was drawn, not an empty canvas


@needs_chromium
@pytest.mark.skipif(shutil.which("bash") is None, reason="the script needs bash")
def test_screenshot_script(tmp_path: Path) -> None:
    """The script, run with this environment's `closeness` first on PATH."""
    png = tmp_path / "shot.png"
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ["PATH"],
        "PYTHON": sys.executable,
    }
    result = subprocess.run(
        ["bash", str(SCRIPT), str(png), "390"], capture_output=True, text=True, env=env, timeout=180
    )
    assert result.returncode == 0, result.stderr
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def _measured(html: str, folder: Path, width: int) -> tuple[int, int]:
    """The page's scroll width and the width it has (its viewport's, less
    a scroll bar) in headless Chromium,
    the page in a frame `width` pixels wide (headless windows are never
    narrower than 500): measured from outside, so the export keeps its own
    policy against scripts."""
    frame = (
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" style="width:{width}px;'
        'height:1600px;border:0"></iframe><script>'
        "const f = document.getElementById('f');"
        "f.onload = () => { document.body.dataset.measured ="
        " f.contentDocument.documentElement.scrollWidth + 'x'"
        " + f.contentDocument.documentElement.clientWidth; };"
        f"f.srcdoc = {json.dumps(html)};</script></body></html>"
    )
    page = folder / "measured.html"
    page.write_text(frame, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                f"--user-data-dir={profile}", "--window-size=800,1600",
                "--virtual-time-budget=5000", "--dump-dom", page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )  # fmt: skip
    found = re.search(r'data-measured="(\d+)x(\d+)"', result.stdout)
    assert found, result.stderr[-2000:]
    return int(found.group(1)), int(found.group(2))


@needs_chromium
@pytest.mark.parametrize("days", [7, 400])
def test_the_year_in_pixels_fits_a_phone_without_sideways_scrolling(
    days: int, tmp_path: Path, prompts: Prompts
) -> None:
    until = dt.date(2026, 11, 22)
    entries = [
        Entry.make("Sam", until - dt.timedelta(days=n), 1 + n % 10, best="x" * 60)
        for n in range(days)
        if n % 5
    ]
    html = to_html(
        build_document(
            "Sam", entries, [], period=None, include_private=False,
            exported_at=dt.datetime(2026, 11, 22, 21, 30, tzinfo=dt.UTC),
        ),
        prompts,
    )  # fmt: skip
    assert ('class="year"' in html) == (days > PIXELS_MIN_DAYS)
    scroll_width, room = _measured(html, tmp_path, 390)
    assert 360 <= room <= 390  # the frame, less a vertical scroll bar if drawn
    assert scroll_width <= room  # no horizontal overflow
    png = tmp_path / "year.png"
    (tmp_path / "year.html").write_text(html, encoding="utf-8")
    assert chromium_screenshot(tmp_path / "year.html", png, 390).returncode == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
