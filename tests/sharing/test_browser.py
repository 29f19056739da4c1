"""The HTML export in a real browser (slow: headless Chromium, Debian's
package; skipped when it is not installed), and the screenshot script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_export_formats import document

from closeness.core.prompts import Prompts, load_prompts
from closeness.sharing.as_html import to_html

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
