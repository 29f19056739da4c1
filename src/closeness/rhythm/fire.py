"""The reminder going off (`closeness remind --fire`, run by the timer,
the crontab line or the launchd agent that rhythm/remind.py installs):
quiet once you have checked in, else a nudge, by a desktop notification
where the machine can show one."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from closeness.rhythm.remind import Runner, program, run

SYNC_TIMEOUT_S = 120


def sync_first(sync_dir: str | None) -> None:
    """With a shared folder set, bring the partner's news first, quietly: a
    sync that is missing, fails or hangs never stops the reminder."""
    if not sync_dir:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            [*program(), "sync"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=SYNC_TIMEOUT_S,
            check=False,
        )


def reminder_key(you_checked_in: bool, partner_checked_in: bool | None) -> str | None:
    """Which reminder to give (a key of rhythm.toml [remind]), or None: you
    have checked in, so it stays quiet."""
    if you_checked_in:
        return None
    return "fire_partner" if partner_checked_in else "fire"


def notify(title: str, message: str, runner: Runner = run) -> bool:
    """A desktop notification with what the machine has (osascript on macOS,
    notify-send elsewhere); False when none could be shown, and the caller
    prints the message instead. cron starts jobs without the session's
    environment: the user's session bus, where it is in the usual place, is
    given to notify-send."""
    if sys.platform == "darwin" and shutil.which("osascript"):
        script = f"display notification {_applescript(message)} with title {_applescript(title)}"
        return runner(("osascript", "-e", script), None).returncode == 0
    if not shutil.which("notify-send"):
        return False
    bus = f"/run/user/{os.getuid()}/bus"
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ and os.path.exists(bus):
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"
    return runner(("notify-send", "--app-name=closeness", title, message), None).returncode == 0


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def due(home: Path) -> tuple[str, str] | None:
    """What the reminder says now, as (key of rhythm.toml [remind], the
    partner's name), or None when you have checked in today. A shared
    folder is synced first, so the partner's check-in is known."""
    from closeness.rhythm.status import status
    from closeness.store.config import load_settings

    sync_first(load_settings(home).sync_dir)
    now = status(str(home))
    partner = now.partner
    key = reminder_key(bool(now.you.checked_in), partner.checked_in if partner else None)
    if key is None:
        return None
    return key, partner.name if partner is not None else ""
