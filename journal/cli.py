"""The command line: parse options, call the pipeline, turn errors into `error:` lines.

This is the one error boundary. Heavy modules are imported inside the commands that need
them, so `journal new` starts in a blink on a phone terminal.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from journal.capture.dates import DATE_HELP, option_day
from journal.core.errors import JournalError
from journal.options import (
    AllOption,
    JekyllOption,
    JobsOption,
    OutOption,
    RebuildOption,
    RootOption,
    StrictOption,
    ThemeOption,
    TripArgument,
    TripOrAll,
)

app = typer.Typer(
    name="journal",
    help="A bilingual travel journal: write on the road, publish a travelogue at home.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False, "root": None}


@app.callback()
def _main(
    root: RootOption = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what is done.")] = False,
) -> None:
    _state["debug"] = debug
    _state["root"] = root
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(name)s: %(message)s")


def _one_or_all(trip: str | None, every: bool) -> None:
    """TRIP or --all, never both nor neither: a usage error (exit 2), as Typer's own."""
    if every == (trip is not None):
        what = "Missing argument 'TRIP'" if trip is None else "TRIP and --all together"
        raise typer.BadParameter(f"{what}: name one trip, or --all for every trip and the home")


def _boundary(command: Callable[..., None]) -> Callable[..., None]:
    """The one error boundary: a JournalError a command raises is its `error:` lines and
    exit 1 (a traceback with --debug)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except JournalError as exc:
            _fail(exc)

    return run


def _root() -> Path:
    from journal.load.root import find_root

    return find_root(_state["root"])


def _fail(exc: JournalError) -> None:
    from journal.core.errors import Report, TripErrors

    for problem in exc.problems:
        typer.echo(str(problem), err=True)
    if isinstance(exc, TripErrors):  # a trip that could not be read: the report's summary
        typer.echo(Report(list(exc.problems)).summary(), err=True)
    if _state["debug"]:
        raise exc
    raise typer.Exit(1)


@app.command()
@_boundary
def new(
    trip: Annotated[
        str | None, typer.Argument(help="Trip slug; default: the current trip (`journal trips`).")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="One of the trip's languages; default: its first."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", "-t", help="Entry title.")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help=DATE_HELP + ".")] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Position as LAT,LON: names the nearest place.")
    ] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place name.")] = None,
    translate: Annotated[
        str | None, typer.Option("--translate", help="Entry (stem or file) to translate.")
    ] = None,
    trip_title: Annotated[
        str | None,
        typer.Option(
            "--trip-title",
            help="Title of a trip created now (needed when its name "
            "is close to an existing trip's).",
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", "-m", help="The entry's text (else standard input, when piped)."),
    ] = None,
    edit: Annotated[bool, typer.Option("--edit/--no-edit", help="Open $EDITOR.")] = True,
) -> None:
    """Start a new entry (or a translation) and open it in your editor.

    Text piped in (echo "..." | journal new) or given with -m is the entry: no editor opens.

    Without --title, the first sentence of that text is the title.
    """
    from journal.capture.entry import NewEntry, new_entry
    from journal.capture.text import piped_text

    body = text if text is not None else piped_text(sys.stdin)
    request = NewEntry(trip, lang, title, date, at, place, translate, trip_title, body)
    created = new_entry(_root(), request, say=lambda line: typer.echo(line, err=True))
    _echo(created.notices, err=True)
    typer.echo(str(created.path))
    if edit and not (body and body.strip()) and _terminal():
        from journal.capture.editor import open_editor

        open_editor(created.path)


def _terminal() -> bool:
    """Whether an editor can run: standard input and output are a terminal."""
    return bool(sys.stdin and sys.stdin.isatty() and sys.stdout.isatty())


@app.command()
@_boundary
def init(
    folder: Annotated[
        Path | None, typer.Argument(help="Where to make it; default: --root, else here.")
    ] = None,
) -> None:
    """Make a journal: trips/ and a commented journal.toml, ready for `journal new`.

    Also prepares, once for this machine, the offline gazetteer `journal new --at` reads.
    """
    from journal.capture.scaffold import init_journal, next_steps, prepare_places

    made = init_journal(folder or _state["root"] or Path.cwd())
    typer.echo(made.summary)
    typer.echo("preparing the offline gazetteer for this machine (a few seconds)", err=True)
    try:
        where = prepare_places(made.root)
        typer.echo(f"gazetteer ready in {where}: `journal new --at` names places offline", err=True)
    except (JournalError, OSError) as exc:  # the journal is made; places wait for first use
        typer.echo(f"warning: gazetteer not prepared: {exc}", err=True)
    _echo(next_steps(made.root))


@app.command()
@_boundary
def trips() -> None:
    """List the trips, newest first: dates, entries per language, drafts, photos.

    The current trip (where `journal new` without a trip writes) is marked with *.
    """
    from journal.overview import trip_table

    _echo(trip_table(_root()) or ["no trips yet: `journal new TRIP` starts one"])


def _finish(report, strict: bool, lines: Iterable[str]) -> None:  # type: ignore[no-untyped-def]
    """The report, then what the command made; exit 1 on errors (or warnings, `strict`)."""
    code = _print_report(report, strict)
    _echo(lines)
    raise typer.Exit(code)


def _echo(lines: Iterable[str], *, err: bool = False) -> None:
    for line in lines:
        typer.echo(line, err=err)


def _print_report(report, strict: bool) -> int:  # type: ignore[no-untyped-def]
    _echo((str(problem) for problem in report), err=True)
    _echo(report.results)
    if report.problems:
        typer.echo(report.summary(), err=True)
    return 1 if report.errors or (strict and report.warnings) else 0


@app.command()
@_boundary
def render(
    trip: TripOrAll = None,
    every: AllOption = False,
    out: OutOption = None,
    theme: ThemeOption = None,
    jekyll: JekyllOption = None,
    rebuild: RebuildOption = False,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Replace blog posts edited by hand (keeps a backup)."),
    ] = False,
    jobs: JobsOption = 0,
    strict: StrictOption = False,
) -> None:
    """Render the travelogue of TRIP in every language, with its route map; with --all, every
    trip that changed and the journal's home (index.html: all trips, one map, the numbers).

    1. load the trip folder (entries, photos' EXIF, tracks) and report every problem;
    2. start the web copies of the photos in worker processes (cached ones are kept);
    3. meanwhile enrich: privacy zones, the route, places and the numbers;
    4. render the pages, the maps and the route files (pure functions);
    5. publish every file atomically, and with --jekyll into the blog.
    """
    from journal.homeflow import render_trip_or_all
    from journal.pipeline import RenderOptions
    from journal.progress import Progress

    _one_or_all(trip, every)
    with Progress("photos") as bar:
        options = RenderOptions(
            out=out,
            theme=theme,
            jekyll=jekyll,
            rebuild=rebuild,
            overwrite=overwrite,
            jobs=jobs or (os.cpu_count() or 1),
            progress=bar.advance,
        )
        report, lines = render_trip_or_all(_root(), trip, options)
    _finish(report, strict, lines)


@app.command()
@_boundary
def serve(
    trip: TripOrAll = None,
    every: AllOption = False,
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (others share the preview).")
    ] = "127.0.0.1",
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the page in the browser.")
    ] = True,
    jekyll: JekyllOption = None,
    jobs: JobsOption = 0,
) -> None:
    """Render TRIP (or --all), serve it, and render again on every saved change: the open
    page reloads itself, where the reader was; errors show over the page. Ctrl-C stops."""
    from journal.pipeline import RenderOptions
    from journal.serve.flow import ServeRequest
    from journal.serve.flow import serve as run

    _one_or_all(trip, every)
    options = RenderOptions(jekyll=jekyll, jobs=jobs or (os.cpu_count() or 1))
    request = ServeRequest(trip, port, host, open_browser, options)
    try:
        run(_root(), request, say=lambda line: typer.echo(line, err=True))
    except KeyboardInterrupt:  # Ctrl-C: the way to stop, not a failure
        typer.echo("stopped", err=True)


@app.command()
@_boundary
def check(trip: TripArgument, strict: StrictOption = False) -> None:
    """Check a trip without rendering it: every problem, and what it means for the travelogue."""
    from journal.pipeline import check_trip

    report, advice = check_trip(_root(), trip)
    _echo(advice)
    code = _print_report(report, strict)
    if not report.problems:
        typer.echo("no problems found")
    raise typer.Exit(code)


@app.command()
@_boundary
def book(
    trip: TripArgument,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="One language; default: every one.")
    ] = None,
    size: Annotated[
        str, typer.Option("--size", help="a4-landscape, a4, a5, square or letter.")
    ] = "a4-landscape",
    out: OutOption = None,
    theme: ThemeOption = None,
    print_profile: Annotated[
        Path | None,
        typer.Option("--print-profile", help="A press's CMYK ICC profile: a PDF/X-4 book."),
    ] = None,
    rebuild: RebuildOption = False,
    jobs: JobsOption = 0,
    strict: StrictOption = False,
) -> None:
    """Make the trip's printed book: a print-ready PDF per language (<trip>.<lang>.pdf).

    Trim size plus 3 mm bleed, fonts embedded, photos at 300 ppi at their printed size."""
    from journal.book import BookOptions, make_books

    cores = jobs or os.cpu_count() or 1
    options = BookOptions(lang, size, out, theme, print_profile, cores, rebuild)
    report, paths = make_books(_root(), trip, options)
    _finish(report, strict, [str(path) for path in paths])


@app.command("import")
@_boundary
def import_(
    source: Annotated[
        str, typer.Argument(help="polarsteps, google-timeline, dayone, strava or gpx.")
    ],
    path: Annotated[Path, typer.Argument(help="The export: a folder, a file or a ZIP.")],
    trip: Annotated[
        str | None, typer.Argument(help="Trip slug; default: named after the export.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="it or en; default: told from the text.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", "-t", help="Title of a trip created now.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="First day to import (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Last day to import (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Import a trip from an app's export: entries, photos, tracks; never overwrites.

    Home and work places in the export become privacy zones in trip.toml, and nothing inside
    any privacy zone is copied. Importing the same export again changes nothing.
    """
    from journal.importers.flow import ImportRequest, import_export

    request = ImportRequest(
        source, path, trip, lang, title, option_day(since, "--from"), option_day(until, "--to")
    )
    result = import_export(_root(), request)
    _finish(result.report, False, result.lines())


@app.command()
@_boundary
def embed(
    trip: TripArgument,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the map.")] = None,
) -> None:
    """Print the lines to paste into a blog post: the Jekyll include, then a plain iframe."""
    from journal.pipeline import embed_trip

    lines = embed_trip(_root(), trip, lang)
    _echo(lines)


def main() -> None:
    """Entry point of the `journal` script and of `python -m journal`.

    Once the command is done the process ends at once, its output flushed: tearing down an
    interpreter that holds a render's objects frees them one by one (70 ms of a 0.5 s edit)
    for the system to reclaim anyway. Every file is closed by then, the workers joined."""
    try:
        app()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # a message, as sys.exit prints it
            print(exc.code, file=sys.stderr)
            code = 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
