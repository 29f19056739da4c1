"""`closeness sync [DIR]`: share with your partner through a folder you both
keep in sync (sharing/sync.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from closeness.cli import output
from closeness.core.errors import UsageProblem

if TYPE_CHECKING:
    import datetime as dt

    from closeness.core.prompts import Prompts
    from closeness.core.settings import Settings
    from closeness.sharing.sync import SyncReport

PASSPHRASE_ENV = "CLOSENESS_PASSPHRASE"


def sync(
    folder: Annotated[
        str | None,
        typer.Argument(
            metavar="[DIR]",
            help="A folder you and your partner both keep in sync (Syncthing, Dropbox, "
            "iCloud Drive…); remembered for next time.",
            show_default=False,
        ),
    ] = None,
    off: Annotated[
        bool, typer.Option("--off", help="Forget the folder (and leave it as it is).")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print what happened as JSON.")] = False,
) -> None:
    """Share check-ins with your partner through a shared folder, encrypted."""
    from closeness.core import days, people
    from closeness.store import files
    from closeness.store.config import load_settings, staged_settings

    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    if off:
        if folder is not None:
            raise UsageProblem("Give either DIR or --off, not both.")
        if settings.sync_dir is None:
            output.say(prompts.text("sync", "report", "not_on"))
            return
        files.ensure_home(home)
        with staged_settings(home, settings._replace(sync_dir=None)):
            pass
        output.saved()
        output.say(prompts.text("sync", "report", "forgotten", dir=settings.sync_dir))
        return
    if folder is None and settings.sync_dir is None:
        raise UsageProblem(
            "No folder to sync with yet.",
            hint="Run `closeness sync DIR` with a folder you and your partner share.",
        )
    shared = _folder(folder) if folder is not None else Path(settings.sync_dir or "")
    you = people.resolve_person(None, settings)
    new_folder = settings.sync_dir is None or Path(settings.sync_dir) != shared
    remember = settings._replace(sync_dir=str(shared)) if new_folder else None
    report = _run(home, shared, you, prompts, days.utc_now(), remember)
    if json_:
        import json

        output.print_raw(json.dumps(_as_json(report), ensure_ascii=False, indent=1) + "\n")
    else:
        _say(report, prompts, remembered=folder is not None and new_folder)
    _warn(report, prompts)  # on stderr, with --json too


def _run(
    home: Path,
    shared: Path,
    you: str,
    prompts: Prompts,
    now: dt.datetime,
    remember: Settings | None,
) -> SyncReport:
    """The run; with `remember`, a new folder, written to config.toml only
    once the run has gone through (the ledger starts anew with it)."""
    import contextlib

    from closeness.sharing.sync import sync as run_sync
    from closeness.store import files
    from closeness.store.config import staged_settings
    from closeness.store.database import open_store

    files.ensure_home(home)

    def ask_passphrase(new: bool) -> str:
        return _passphrase(prompts, new)

    stage = staged_settings(home, remember) if remember else contextlib.nullcontext()
    with stage, open_store(home) as store:
        report = run_sync(
            store,
            home,
            shared,
            you,
            ask_passphrase=ask_passphrase,
            prompts=prompts,
            now=now,
            new_folder=remember is not None,
        )
    output.saved()
    return report


def _folder(given: str) -> Path:
    """DIR as a full path (it is remembered, and used from anywhere later):
    never empty, and free of control characters, as config.toml keeps it."""
    if not given.strip():
        raise UsageProblem("DIR is empty; give the folder you and your partner share.")
    if not given.isprintable():
        raise UsageProblem(f"DIR holds a control character: {given!r}. Rename the folder.")
    return Path(os.path.abspath(output.user_path(given, "DIR")))


def _passphrase(prompts: Prompts, new: bool) -> str:
    """CLOSENESS_PASSPHRASE, else asked on the terminal (twice when it is
    being chosen)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    output.require_terminal(f"set {PASSPHRASE_ENV}, or run `closeness sync` on a terminal.")
    asker = output.asker(prompts)
    if new:
        output.say(prompts.text("sync", "passphrase", "new_intro"))
        first = asker.secret(prompts.text("sync", "passphrase", "new"))
    else:
        output.say(prompts.text("sync", "passphrase", "ask_intro"))
        first = asker.secret(prompts.text("sync", "passphrase", "ask"))
    if not first:
        raise UsageProblem(prompts.text("sync", "passphrase", "empty"))
    if new and asker.secret(prompts.text("sync", "passphrase", "again")) != first:
        raise UsageProblem(prompts.text("sync", "passphrase", "mismatch"))
    return first


def _say(report: SyncReport, prompts: Prompts, *, remembered: bool) -> None:
    where = output.printable_name(str(report.dir))
    if report.new_device:
        output.say_note(prompts.text("sync", "report", "new_device"))
    if report.months_sent:
        months = _months(report.months_sent, prompts)
        output.say(prompts.text("sync", "report", "sent", months=months, dir=where))
    else:
        output.say(prompts.text("sync", "report", "nothing_sent"))
    for received in report.received:
        when = _when(received.last_written)
        person = output.printable_name(received.person)
        counts = received.counts._asdict()
        changes = ", ".join(
            prompts.text("sync", "report", part, count=counts[part])
            for part in _CHANGES
            if counts[part]
        )
        if changes:
            line = prompts.text(
                "sync", "report", "received", person=person, changes=changes, when=when
            )
        else:
            line = prompts.text("sync", "report", "nothing_new", person=person, when=when)
        output.say(line)
    if not report.received:
        output.say(prompts.text("sync", "report", "nobody"))
    arrived = report.reflections.added + report.reflections.updated
    if arrived:
        output.say(prompts.text("sync", "report", "reflections", count=arrived))
    if remembered:
        output.say(prompts.text("sync", "report", "remembered", dir=where))


def _warn(report: SyncReport, prompts: Prompts) -> None:
    """A line on stderr per file skipped, naming it, and per warning."""
    for warning in report.warnings:
        output.say_note(warning)
    for skipped in report.skipped:
        name = output.printable_name(skipped.name)
        if skipped.why == "invalid":
            detail = skipped.detail
            output.say_note(
                prompts.text("sync", "report", "skipped_invalid", name=name, detail=detail)
            )
        elif skipped.why == "locked":
            output.say_note(prompts.text("sync", "report", "skipped_locked", name=name))
        else:
            output.say_note(prompts.text("sync", "report", "skipped_unreadable", name=name))


# What a partner's files changed, in the order said (keys of MergeCount and
# of sync.toml [report]).
_CHANGES = ("added", "updated", "deleted")


def _months(sent: tuple[tuple[int, int], ...], prompts: Prompts) -> str:
    import datetime as dt

    first, last = (
        dt.date(year, month, 1).strftime("%B %Y") for year, month in (min(sent), max(sent))
    )
    return (
        first if first == last else prompts.text("sync", "report", "months", first=first, last=last)
    )


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "?"
    local = moment.astimezone()
    return local.strftime("%a %d %b %H:%M").replace(" 0", " ")


def _as_json(report: SyncReport) -> dict[str, object]:
    return {
        "dir": str(report.dir),
        "sent": report.sent,
        "received": [
            {
                "person": r.person,
                "added": r.counts.added,
                "updated": r.counts.updated,
                "deleted": r.counts.deleted,
                "unchanged": r.counts.unchanged,
                "last_written": r.last_written.isoformat() if r.last_written else None,
            }
            for r in report.received
        ],
        "skipped": [s.name for s in report.skipped],
    }
