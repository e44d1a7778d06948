#!/bin/sh
# Refresh CLDR's English names of subdivisions (cantons, provinces, regions) from npm.
#
# The gazetteer names a canton's or province's namesake capital in English as CLDR does
# (Lucerne for Luzern, Geneva for Genève: enrich/placesources.py). CLDR's JSON build ships
# these names whole for English only (Italian ones come from Debian's iso-codes, through
# pycountry). Pin the version here, run this script, review the diff, and commit what it
# writes; a new version rebuilds every machine's gazetteer once.
set -eu

CLDR=48.2.0

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "cldr-subdivisions-full@$CLDR" >/dev/null

src=node_modules/cldr-subdivisions-full
# {"chlu": "Lucerne", ...} keyed as ISO 3166-2 writes the codes: {"CH-LU": "Lucerne", ...}
python3 - "$src/subdivisions/en/en.json" "$here/subdivisions-en.json" <<'PY'
import json, sys
names = json.load(open(sys.argv[1], encoding="utf-8"))
names = names["subdivisions"]["localeDisplayNames"]["subdivisions"]
table = {f"{code[:2].upper()}-{code[2:].upper()}": name for code, name in names.items()}
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(table, out, ensure_ascii=False, indent=0, sort_keys=True)
    out.write("\n")
PY
cp "$src/LICENSE" "$here/LICENSE"
chmod 644 "$here/subdivisions-en.json" "$here/LICENSE"
printf 'cldr-subdivisions-full %s\n' "$CLDR" > "$here/VERSIONS"
echo "vendored cldr-subdivisions-full $CLDR into $here"
