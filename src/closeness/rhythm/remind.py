"""A daily reminder to check in, for this user, without root: a systemd user
timer where the user's systemd runs, else a line in the user's crontab, and
a launchd agent on macOS. One at a time: installing again replaces it, and
removing takes away exactly what was installed (config.toml records which,
as "BACKEND HH:MM").

What each backend does is a plan, made by pure functions (the files it
writes, the commands it runs), so tests can read every plan; `carry_out`
runs one. The reminder runs `closeness remind --fire`, which says something
only when you have not checked in that day (`reminder_text`)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from closeness.core.errors import ClosenessError, UsageProblem

SYSTEMD, CRON, LAUNCHD = "systemd", "cron", "launchd"
BACKENDS = (SYSTEMD, CRON, LAUNCHD)
UNIT = "closeness-remind"  # .service and .timer
LABEL = "org.closeness.remind"  # the launchd agent
# The end of the one crontab line closeness owns: a shell comment, so cron
# runs the line as it is, and `--off` finds it among the user's own lines.
CRON_MARK = "# closeness remind"


class Installed(NamedTuple):
    backend: str
    hour: int
    minute: int

    @property
    def at(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def recorded(self) -> str:
        """As config.toml keeps it."""
        return f"{self.backend} {self.at}"


class Job(NamedTuple):
    """What the reminder runs: a program's argv and the environment it adds."""

    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


class Step(NamedTuple):
    """One step of a plan: write a file, remove one, or run a command
    (`stdin` fed to it; `must` False: its failure does not matter)."""

    action: str  # "write" | "remove" | "run"
    path: Path | None = None
    content: str = ""
    argv: tuple[str, ...] = ()
    stdin: str | None = None
    must: bool = True


def parse_time(value: str, what: str) -> tuple[int, int]:
    """HH:MM (or H:MM), 00:00 to 23:59."""
    hour, colon, minute = value.strip().partition(":")
    if (
        colon
        and hour.isascii()
        and hour.isdigit()
        and len(hour) in (1, 2)
        and minute.isascii()
        and minute.isdigit()
        and len(minute) == 2
        and int(hour) < 24
        and int(minute) < 60
    ):
        return int(hour), int(minute)
    raise UsageProblem(f"{what} takes a time of day as HH:MM, such as 21:30 (got {value!r}).")


def parse_installed(recorded: str | None) -> Installed | None:
    """What config.toml says is installed; None for nothing (or for what no
    closeness wrote, which is then left alone)."""
    if not recorded:
        return None
    backend, _, at = recorded.partition(" ")
    if backend not in BACKENDS:
        return None
    try:
        hour, minute = parse_time(at, "reminder")
    except UsageProblem:
        return None
    return Installed(backend, hour, minute)


# -- where things go -----------------------------------------------------------


def systemd_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config.startswith("/") else Path.home() / ".config"
    return base / "systemd" / "user"


def launchd_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LABEL}.plist"


def where(installed: Installed) -> Path | None:
    """The file a backend keeps the reminder in (None: the crontab)."""
    if installed.backend == SYSTEMD:
        return systemd_dir() / f"{UNIT}.timer"
    if installed.backend == LAUNCHD:
        return launchd_file()
    return None


# -- the plans -------------------------------------------------------------------


def systemd_install(job: Job, hour: int, minute: int, folder: Path) -> list[Step]:
    """A oneshot service and its daily timer. Persistent: a laptop asleep at
    that time gets the reminder when it wakes."""
    environment = "".join(f"Environment={_unit_quote(f'{k}={v}')}\n" for k, v in job.env)
    service = (
        "# Written by `closeness remind`; `closeness remind --off` removes it.\n"
        "[Unit]\nDescription=closeness: the reminder to check in\n\n"
        f"[Service]\nType=oneshot\n{environment}"
        f"ExecStart={' '.join(_unit_quote(arg) for arg in job.argv)}\n"
    )
    timer = (
        "# Written by `closeness remind`; `closeness remind --off` removes it.\n"
        f"[Unit]\nDescription=closeness: the reminder to check in, at {hour:02d}:{minute:02d}\n\n"
        f"[Timer]\nOnCalendar=*-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    systemctl = ("systemctl", "--user")
    return [
        Step("write", folder / f"{UNIT}.service", service),
        Step("write", folder / f"{UNIT}.timer", timer),
        Step("run", argv=(*systemctl, "daemon-reload")),
        Step("run", argv=(*systemctl, "enable", f"{UNIT}.timer")),
        # restart, not start: a timer already running takes its new time.
        Step("run", argv=(*systemctl, "restart", f"{UNIT}.timer")),
    ]


def systemd_remove(folder: Path) -> list[Step]:
    systemctl = ("systemctl", "--user")
    return [
        Step("run", argv=(*systemctl, "disable", "--now", f"{UNIT}.timer"), must=False),
        Step("remove", folder / f"{UNIT}.timer"),
        Step("remove", folder / f"{UNIT}.service"),
        Step("run", argv=(*systemctl, "daemon-reload"), must=False),
    ]


def cron_line(job: Job, hour: int, minute: int) -> str:
    command = " ".join(
        [*(f"{k}={shlex.quote(v)}" for k, v in job.env), *(shlex.quote(a) for a in job.argv)]
    )
    # In a crontab line an unescaped % ends the command (and starts its stdin).
    return f"{minute} {hour} * * * {command.replace('%', chr(92) + '%')} {CRON_MARK}"


def cron_table(current: str, line: str | None) -> str:
    """The user's crontab with closeness's one line replaced by `line` (None:
    removed); every other line byte for byte, in its place."""
    kept = [own for own in current.splitlines(keepends=True) if not _ours(own)]
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"  # a last line without its newline: cron needs one before ours
    return "".join(kept) + (line + "\n" if line is not None else "")


def _ours(line: str) -> bool:
    return line.rstrip("\r\n").endswith(CRON_MARK)


def cron_install(job: Job, hour: int, minute: int, current: str) -> list[Step]:
    new = cron_table(current, cron_line(job, hour, minute))
    return [Step("run", argv=("crontab", "-"), stdin=new)]


def cron_remove(current: str) -> list[Step]:
    if not any(_ours(line) for line in current.splitlines()):
        return []
    rest = cron_table(current, None)
    if not rest:  # ours was all of it: no crontab, as before the reminder
        return [Step("run", argv=("crontab", "-r"))]
    return [Step("run", argv=("crontab", "-"), stdin=rest)]


def launchd_install(job: Job, hour: int, minute: int, path: Path, uid: int) -> list[Step]:
    import plistlib

    agent: dict[str, object] = {
        "Label": LABEL,
        "ProgramArguments": list(job.argv),
        "StartCalendarInterval": {"Hour": hour, "Minute": minute},
    }
    if job.env:
        agent["EnvironmentVariables"] = dict(job.env)
    domain = f"gui/{uid}"
    return [
        Step("write", path, plistlib.dumps(agent).decode("utf-8")),
        # bootout first: bootstrap refuses an agent that is already loaded.
        Step("run", argv=("launchctl", "bootout", f"{domain}/{LABEL}"), must=False),
        Step("run", argv=("launchctl", "bootstrap", domain, str(path))),
    ]


def launchd_remove(path: Path, uid: int) -> list[Step]:
    return [
        Step("run", argv=("launchctl", "bootout", f"gui/{uid}/{LABEL}"), must=False),
        Step("remove", path),
    ]


def _unit_quote(value: str) -> str:
    """One word of a systemd unit line: quoted, with systemd's specifiers
    (%) and variables ($) escaped."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


# -- choosing and carrying out ---------------------------------------------------

Runner = Callable[[Sequence[str], str | None], "subprocess.CompletedProcess[str]"]


def run(argv: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """A command of a plan; a missing program is a failed command."""
    # Bytes, decoded here: text mode would turn a crontab's \r\n into \n,
    # and every line but ours must stay byte for byte.
    try:
        done = subprocess.run(
            list(argv),
            input=None if stdin is None else stdin.encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return subprocess.CompletedProcess(list(argv), 127, "", str(exc))
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "surrogateescape"),
        done.stderr.decode("utf-8", "surrogateescape"),
    )


def choose_backend(runner: Runner = run) -> str:
    """launchd on macOS; else a systemd user timer when the user's systemd
    answers; else the crontab."""
    if sys.platform == "darwin" and shutil.which("launchctl"):
        return LAUNCHD
    if (
        shutil.which("systemctl")
        and runner(("systemctl", "--user", "show-environment"), None).returncode == 0
    ):
        return SYSTEMD
    if shutil.which("crontab"):
        return CRON
    raise ClosenessError(
        "Cannot set a reminder here: no systemd user session, no crontab, no launchd.",
        hint="Install cron (its crontab command), or remind yourself another way.",
    )


def read_crontab(runner: Runner = run) -> str:
    """The user's crontab ('' when there is none yet)."""
    done = runner(("crontab", "-l"), None)
    if done.returncode == 0:
        return done.stdout
    if "no crontab" in done.stderr.lower():
        return ""
    raise _failed(("crontab", "-l"), done)


def carry_out(steps: Sequence[Step], runner: Runner = run) -> None:
    from closeness.store.files import atomic_write

    for step in steps:
        if step.action == "write" and step.path is not None:
            try:
                step.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ClosenessError(f"Cannot create {step.path.parent}: {exc.strerror}.") from exc
            atomic_write(step.path, step.content)
        elif step.action == "remove" and step.path is not None:
            try:
                step.path.unlink(missing_ok=True)
            except OSError as exc:
                raise ClosenessError(f"Cannot remove {step.path}: {exc.strerror}.") from exc
        elif step.action == "run":
            done = runner(step.argv, step.stdin)
            if done.returncode != 0 and step.must:
                raise _failed(step.argv, done)


def _failed(argv: Sequence[str], done: subprocess.CompletedProcess[str]) -> ClosenessError:
    said = (done.stderr or done.stdout).strip().splitlines()
    why = f": {said[-1]}" if said else f" (exit {done.returncode})"
    return ClosenessError(f"`{shlex.join(argv)}` failed{why}.")


def install_steps(
    backend: str, job: Job, hour: int, minute: int, runner: Runner = run
) -> list[Step]:
    if backend == SYSTEMD:
        return systemd_install(job, hour, minute, systemd_dir())
    if backend == LAUNCHD:
        return launchd_install(job, hour, minute, launchd_file(), os.getuid())
    return cron_install(job, hour, minute, read_crontab(runner))


def remove_steps(installed: Installed, runner: Runner = run) -> list[Step]:
    if installed.backend == SYSTEMD:
        return systemd_remove(systemd_dir())
    if installed.backend == LAUNCHD:
        return launchd_remove(launchd_file(), os.getuid())
    return cron_remove(read_crontab(runner))


# -- the reminder itself -----------------------------------------------------------


def program() -> list[str]:
    """How to run this closeness again: the console script as it was
    started (its absolute path, links kept, so an upgrade is picked up), the
    one beside this Python, or this Python with -m."""
    started = sys.argv[0] if sys.argv else ""
    if os.path.basename(started) == "closeness" and os.access(started, os.X_OK):
        return [os.path.abspath(started)]
    beside = Path(sys.executable).with_name("closeness")
    if os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("closeness")
    return [os.path.abspath(found)] if found else [sys.executable, "-m", "closeness"]


def job(home_env: str | None) -> Job:
    """The reminder's command: this closeness, and the CLOSENESS_HOME it was
    set up with (a home of its own must be the one reminded of)."""
    env = (("CLOSENESS_HOME", os.path.abspath(os.path.expanduser(home_env))),) if home_env else ()
    return Job((*program(), "remind", "--fire"), env)


# -- the use cases -------------------------------------------------------------------


def set_reminder(home: Path, hour: int, minute: int, runner: Runner = run) -> Installed:
    """Install the daily reminder at hour:minute, replacing the one this
    home installed (wherever it was); config.toml records it."""
    from closeness.store.config import load_settings, save_settings
    from closeness.store.files import HOME_ENV, ensure_home

    settings = load_settings(home)
    previous = parse_installed(settings.reminder)
    backend = choose_backend(runner=runner)
    if previous is not None and previous.backend != backend:
        carry_out(remove_steps(previous, runner), runner)
    carry_out(install_steps(backend, job(os.environ.get(HOME_ENV)), hour, minute, runner), runner)
    installed = Installed(backend, hour, minute)
    ensure_home(home)
    save_settings(home, settings._replace(reminder=installed.recorded()))
    return installed


def remove_reminder(home: Path, runner: Runner = run) -> tuple[Installed | None, bool]:
    """Remove what set_reminder installed, and nothing else: (what was
    removed, None when nothing; whether another home's reminder is installed
    in its place, left as it is — there is one per user, and a later `--at`
    from another home replaces this one's)."""
    from closeness.store.config import load_settings, save_settings

    settings = load_settings(home)
    installed = parse_installed(settings.reminder)
    if installed is None:
        return None, False
    mine = is_this_homes(installed, runner)
    if mine:
        carry_out(remove_steps(installed, runner), runner)
    save_settings(home, settings._replace(reminder=None))
    return (installed, False) if mine else (None, True)


def current_reminder(home: Path, runner: Runner = run) -> tuple[Installed | None, bool]:
    """(The reminder this home installed, if it is still the one installed;
    whether another home's has taken its place.)"""
    from closeness.store.config import load_settings

    installed = parse_installed(load_settings(home).reminder)
    if installed is None:
        return None, False
    return (installed, False) if is_this_homes(installed, runner) else (None, True)


def is_this_homes(installed: Installed, runner: Runner = run) -> bool:
    """Whether the reminder installed in `installed`'s place runs this home's
    job (CLOSENESS_HOME as now): another home's `--at` may have replaced it."""
    from closeness.store.files import HOME_ENV

    expected = job(os.environ.get(HOME_ENV))
    if installed.backend == CRON:
        ours = [line for line in read_crontab(runner).splitlines() if _ours(line)]
        command = cron_line(expected, installed.hour, installed.minute).split(" ", 5)[5]
        return any(line.split(" ", 5)[5:] == [command] for line in ours)
    if installed.backend == SYSTEMD:
        folder = systemd_dir()
        service = systemd_install(expected, installed.hour, installed.minute, folder)[0]
        return _reads(folder / f"{UNIT}.service") == service.content
    agent = launchd_install(expected, installed.hour, installed.minute, launchd_file(), 0)[0]
    return _reads(launchd_file()) == agent.content


def _reads(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
