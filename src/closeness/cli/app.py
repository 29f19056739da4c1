"""The Typer app: the commands in the order `closeness --help` lists them,
and the app a run is given (only the command it runs)."""

from __future__ import annotations

import copy
import inspect
from typing import Annotated, Any

import typer

from closeness import __version__
from closeness.cli import checkin, completion, entries, review, rhythm, setup, sharing, sync, talk

app = typer.Typer(
    name="closeness",
    help="A nightly check-in ritual for couples: local-first and private.",
    add_completion=False,
    rich_markup_mode=None,  # plain help: Rich-formatted help doubles start-up
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# A new command is a function in a module of this folder, and a line here.
for command, name in (
    (setup.init, None),
    (checkin.checkin, None),
    (entries.log, None),
    (entries.show, None),
    (entries.delete, None),
    (review.review, None),
    (talk.talk, None),
    (talk.appreciations, None),
    (sharing.export, None),
    (sharing.import_, "import"),
    (sync.sync, None),
    (rhythm.status, None),
    (rhythm.remind, None),
    (completion.completion, None),
):
    # A command may bring its own Click class (checkin: its help reads prompts/).
    app.command(name, cls=getattr(command, "command_class", None))(command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"closeness {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A nightly check-in ritual for couples: local-first and private.

    Each night: how close you felt, the best and hardest part of the day, one
    thing you appreciated, and the support you need. Run `closeness checkin`.
    """
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def app_for(args: list[str]) -> typer.Typer:
    """The app as this run needs it. Typer builds the options of every
    registered command on each run by reading their signatures, several
    times the cost of building one. A command gets only itself; the overview
    (`closeness`, `--help`) gets every command's name and help but not its
    options, which only the command's own help shows."""
    wanted = args[0] if args else ""
    chosen = [info for info in app.registered_commands if _command_name(info) == wanted]
    if not chosen and wanted not in _OVERVIEW:
        return app  # anything else ("--", a typo, a bad option): Click as it always is
    only = copy.copy(app)
    only.registered_commands = chosen or [_listed(info) for info in app.registered_commands]
    return only


# What the first argument is when only the list of commands is shown.
_OVERVIEW = ("", "-h", "--help", "--version")


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _listed(info: Any) -> Any:
    """A command as the overview lists it: its name and help, no options."""
    listed = copy.copy(info)
    listed.name = _command_name(info)
    listed.help = info.help or inspect.getdoc(info.callback)
    # Its first paragraph whole, wrapped: Click would cut it to one line ("gentle...").
    listed.short_help = " ".join((listed.help or "").split("\n\n")[0].split())
    listed.callback = _never_run
    return listed


def _never_run() -> None:
    """Stands in for a command in the overview, which only lists them."""
