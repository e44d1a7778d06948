"""The command line's options that several commands share, named once.

Typer reads each command's options from its signature; an option spelled the same in every
command that takes it (`--theme`, `--strict`, `--jobs`, TRIP) is one annotation here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Journal root (the folder holding trips/). Default: JOURNAL_ROOT, "
        "else the nearest folder upwards with a trips/ folder.",
    ),
]


TripOrAll = Annotated[
    str | None, typer.Argument(help="Trip slug or path to a trip folder.", show_default=False)
]
AllOption = Annotated[
    bool, typer.Option("--all", help="Every trip (drafts aside), then the journal's home.")
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", help="Workers; default all cores.")]
TripArgument = Annotated[str, typer.Argument(help="Trip slug or path to a trip folder.")]
ThemeOption = Annotated[str | None, typer.Option("--theme", help="Theme name or path.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")]
RebuildOption = Annotated[
    bool, typer.Option("--rebuild", help="Redo every step: no cache, no replay.")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Output folder; default: the site's.")
]
JekyllOption = Annotated[
    Path | None, typer.Option("--jekyll", help="Also publish into this Jekyll blog.")
]
