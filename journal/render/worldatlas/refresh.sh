#!/bin/sh
# Refresh the static map's base map (coastlines, land, country borders) from npm.
#
# The static route map draws Natural Earth's 1:50m countries under the line, offline, from
# the TopoJSON the world-atlas package builds of them (public domain data; ISC-licensed
# build). Pin the version here, run this script, review the diff, and commit what it writes.
set -eu

WORLD_ATLAS=2.0.2

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "world-atlas@$WORLD_ATLAS" >/dev/null

src=node_modules/world-atlas
cp "$src/countries-50m.json" "$here/countries-50m.json"
cp "$src/LICENSE" "$here/LICENSE"
chmod 644 "$here/countries-50m.json" "$here/LICENSE"
printf 'world-atlas %s\n' "$WORLD_ATLAS" > "$here/VERSIONS"
echo "vendored world-atlas $WORLD_ATLAS into $here"
