"""`python -m journal` runs the same command line as the `journal` script."""

from journal.cli import main

main()
