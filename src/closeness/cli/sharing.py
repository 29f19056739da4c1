"""`closeness export` and `import`: your check-ins out as a document, and a
partner's JSON export in."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from closeness.cli import output
from closeness.cli.options import FormatName, LastDays, Out, Since, Until
from closeness.core.errors import ImportRefused, UsageProblem


def export(
    format_: FormatName = "markdown",
    out: Out = None,
    since: Since = None,
    until: Until = None,
    days_: LastDays = None,
    as_: Annotated[
        str | None, typer.Option("--as", metavar="NAME", help="Whose check-ins (default: yours).")
    ] = None,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private", help="Include answers marked private (left out by default)."
        ),
    ] = False,
) -> None:
    """Share your check-ins: Markdown to paste, JSON for your partner's import, CSV, or HTML."""
    from closeness.cli.options import open_period
    from closeness.core import days, people
    from closeness.core.reveal import reveal
    from closeness.sharing.exchange import export_document
    from closeness.sharing.formats import FORMATS
    from closeness.store import files
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    fmt = format_.strip().lower()
    if fmt not in FORMATS:
        raise UsageProblem(f"--format must be one of {', '.join(FORMATS)} (got {format_!r}).")
    chosen = FORMATS[fmt]
    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    today = days.today(settings.day_starts_at)
    period = open_period(today, days=days_, since=since, until=until)
    out_path = output.output_path(out, "--out") if out not in (None, "-") else None
    if chosen.binary and out_path is None and sys.stdout.isatty():
        raise UsageProblem(f"--format {fmt} is not text; write it with --out FILE or to a pipe.")
    person = people.resolve_person(as_, settings, "--as name")
    with open_store(home, readonly=True) as store:
        hidden = reveal(settings.name, today, lambda p, d: store.get_entry(p, d) is not None)
        # Their days still hidden from you, as stored: an export is a read too.
        hides = [d for d in sorted(hidden.days) if hidden.hides(person, d)]
        stored = (store.get_entry(person, d) for d in hides if period is None or d in period)
        left_out = [entry for entry in stored if entry is not None]
        document = export_document(
            store,
            person,
            period,
            include_private=include_private,
            now=days.utc_now(),
            leave_out=[e.day for e in left_out],
        )
    rendered = chosen.render(document, prompts)
    if out_path is None:
        if isinstance(rendered, str):
            output.print_raw(rendered)
        else:
            output.print_bytes(rendered)
    else:
        # A symbolic link is followed to the file it names (and said so).
        target = files.output_target(out_path, "--out", home)
        files.atomic_write(target, rendered)
        where = str(target)
        if target != out_path:
            symlink = prompts.text("setup", "export", "symlink", path=str(out_path), target=where)
            output.say_note(symlink)
        count = len(document.entries)
        output.say_note(prompts.text("setup", "export", "written", count=count, path=where))
    if document.withheld:
        output.say_note(prompts.text("setup", "export", "withheld", count=document.withheld))
    if left_out:
        name = output.printable_name(left_out[0].person)
        dates = ", ".join(e.day.isoformat() for e in left_out)
        output.say_note(prompts.text("checkin", "reveal", "export", person=name, days=dates))


def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A JSON export (closeness export --format json).")
    ],
    as_: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="File every entry under NAME."),
    ] = None,
) -> None:
    """Add your partner's JSON export to yours, for `closeness review --all`."""
    from closeness.core import people
    from closeness.core.validate import clean_name
    from closeness.sharing.exchange import UnderYourName, import_into, read_incoming
    from closeness.store import files
    from closeness.store.config import load_settings
    from closeness.store.database import open_store

    path = output.existing_file(file)
    home = files.home_dir()
    settings = load_settings(home)
    prompts = output.load_prompts()
    as_name = clean_name(as_, "--as name") if as_ is not None else None
    you = people.resolve_person(None, settings)
    # Validated in full before the database is opened.
    try:
        incoming = read_incoming(path, you, as_name)
    except UnderYourName as exc:
        if exc.chosen:
            hint = "Choose another name for them with --as NAME."
            raise ImportRefused(f"--as {exc.message}", hint=hint) from None
        hint = "To file them under another name, add --as NAME."
        raise ImportRefused(exc.message, hint=hint) from None
    if not incoming.entries and not incoming.reflections and not incoming.deletions:
        output.say(prompts.text("setup", "import", "empty"))
        return
    with open_store(home) as store:
        result = import_into(store, incoming)
    output.saved()
    names = ", ".join(output.printable_name(n) for n in incoming.people)
    counts, reflections = result.entries, result.reflections
    output.say(prompts.text("setup", "import", "done", people=names, **counts._asdict()))
    if incoming.reflections:
        output.say(prompts.text("setup", "import", "reflections", **reflections._asdict()))
    if counts.added or counts.updated:
        output.say(prompts.text("setup", "import", "next"))
