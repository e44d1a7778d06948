"""`python bench/scan_exif.py DIR [--cache FILE]`: one JSON line per photo, as journal reads it.

What exif_scan.py times against `exiftool -n -json -r DIR`: the same walk, the same fields,
through journal's EXIF cache when `--cache` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from journal.load.exifcache import encode, read_metas
from journal.load.folder import photo_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    metas = read_metas(photo_files(args.folder), args.cache)
    for path, meta in metas.items():
        sys.stdout.write(json.dumps({"file": str(path), **encode(meta)}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
