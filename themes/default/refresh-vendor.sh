#!/bin/sh
# Refresh the vendored JavaScript and CSS from npm.
#
# The published pages must work with no network (the rider is often offline), so the map
# (Leaflet, its marker-cluster and gesture-handling plugins) and the photo lightbox
# (PhotoSwipe) ship with every site instead of coming from a CDN. Pin the versions here, run
# this script, review the diff, and commit the files it writes.
set -eu

LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
GESTURES=1.2.2
PHOTOSWIPE=5.4.4

here=$(cd "$(dirname "$0")" && pwd)/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
    "leaflet@$LEAFLET" "leaflet.markercluster@$MARKERCLUSTER" \
    "leaflet-gesture-handling@$GESTURES" "photoswipe@$PHOTOSWIPE" >/dev/null

folders="leaflet leaflet.markercluster leaflet-gesture-handling photoswipe"
for folder in $folders; do rm -rf "${here:?}/$folder"; done
mkdir -p "$here/leaflet/images" "$here/leaflet.markercluster" \
    "$here/leaflet-gesture-handling" "$here/photoswipe"

src=node_modules/leaflet
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$here/leaflet/"
cp "$src"/dist/images/*.png "$here/leaflet/images/"

src=node_modules/leaflet.markercluster
cp "$src/dist/leaflet.markercluster.js" "$src/dist/MarkerCluster.css" \
    "$src/dist/MarkerCluster.Default.css" "$src/MIT-LICENCE.txt" "$here/leaflet.markercluster/"

# Wheel zoom only with Ctrl (or once the map has the focus), two fingers to pan on a phone:
# an embedded map must not swallow the page's scrolling.
src=node_modules/leaflet-gesture-handling
cp "$src/dist/leaflet-gesture-handling.min.js" "$src/dist/leaflet-gesture-handling.min.css" \
    "$src/LICENSE" "$here/leaflet-gesture-handling/"

# The UMD builds: plain scripts, which load from file:// too (ES modules do not).
src=node_modules/photoswipe
cp "$src/dist/umd/photoswipe.umd.min.js" "$src/dist/umd/photoswipe-lightbox.umd.min.js" \
    "$src/dist/photoswipe.css" "$src/LICENSE" "$here/photoswipe/"

for folder in $folders; do find "$here/$folder" -type f -exec chmod 644 {} +; done
printf 'leaflet %s\nleaflet.markercluster %s\nleaflet-gesture-handling %s\nphotoswipe %s\n' \
    "$LEAFLET" "$MARKERCLUSTER" "$GESTURES" "$PHOTOSWIPE" > "$here/VERSIONS"
echo "vendored leaflet $LEAFLET, leaflet.markercluster $MARKERCLUSTER," \
    "leaflet-gesture-handling $GESTURES and photoswipe $PHOTOSWIPE into $here"
