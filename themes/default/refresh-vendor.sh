#!/bin/sh
# Refresh the map's vendored JavaScript and CSS from npm.
#
# The published map must load with no network (the rider is often offline), so Leaflet and
# its marker-cluster plugin ship with every site instead of coming from a CDN. Pin the
# versions here, run this script, review the diff, and commit the files it writes.
set -eu

LEAFLET=1.9.4
MARKERCLUSTER=1.5.3

here=$(cd "$(dirname "$0")" && pwd)/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
    "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" >/dev/null

rm -rf "$here/leaflet" "$here/leaflet.markercluster"
mkdir -p "$here/leaflet/images" "$here/leaflet.markercluster"

src=node_modules/leaflet
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$here/leaflet/"
cp "$src"/dist/images/*.png "$here/leaflet/images/"

src=node_modules/leaflet.markercluster
cp "$src/dist/leaflet.markercluster.js" "$src/dist/MarkerCluster.css" \
    "$src/dist/MarkerCluster.Default.css" "$src/MIT-LICENCE.txt" "$here/leaflet.markercluster/"

find "$here/leaflet" "$here/leaflet.markercluster" -type f -exec chmod 644 {} +
printf 'leaflet %s\nleaflet.markercluster %s\n' "$LEAFLET" "$MARKERCLUSTER" > "$here/VERSIONS"
echo "vendored leaflet $LEAFLET and leaflet.markercluster $MARKERCLUSTER into $here"
