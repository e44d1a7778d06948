"""The live map's own behaviour beyond Leaflet's: gesture handling, the day legend, the
start and finish markers, as JavaScript for the map's script, and the clips' play icon.

foliummap.py places this code in the map (and loads the vendored gesture-handling plugin);
the words come in as data, already in the page's language. Pure functions of plain values:
the map stays deterministic and its cache key covers this file (livemap.DRAWING_SOURCES).

Branca compiles every element's output as a Jinja template, so this code never holds two
opening braces in a row; the data is `script_json`'s, whose braces are escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

#: A framed map (inside the travelogue or a blog post) must not swallow the page's scrolling:
#: the wheel zooms only with Ctrl (or Cmd), or once the map has the focus from a click or the
#: keyboard; on a touch screen one finger scrolls the page and two move the map. A map that
#: is the whole page (map.html opened on its own) has nothing to scroll past and keeps
#: Leaflet's plain gestures.
GESTURES = """
(function (map, words) {
    if (window.self === window.top) return;
    var text = words.length ? {touch: words[0], scroll: words[1], scrollMac: words[2]} : {};
    map.options.gestureHandlingOptions = {text: text, duration: 1500};
    map.gestureHandling.enable();
    var box = map.getContainer(), touched = false;
    box.addEventListener("pointerdown", function (e) {
        touched = e.pointerType === "touch";
    }, true);
    box.addEventListener("focusin", function () {
        if (!touched) map.gestureHandling.disable();
    });
    box.addEventListener("focusout", function (e) {
        if (!box.contains(e.relatedTarget)) map.gestureHandling.enable();
    });
})(%(map)s, %(text)s);
"""

#: The page's legend (rendered by the theme, so it is HTML like the rest of the page) becomes
#: one of the map's controls; a narrow map shows it folded.
LEGEND = """
(function (map, legend) {
    if (!legend) return;
    var Legend = L.Control.extend({onAdd: function () { return legend; }});
    new Legend({position: "bottomleft"}).addTo(map);
    L.DomEvent.disableClickPropagation(legend);
    L.DomEvent.disableScrollPropagation(legend);
    if (%(narrow)d > map.getSize().x) legend.open = false;
})(%(map)s, document.getElementById(%(id)s));
"""

#: Start and finish: round markers above every other, reachable from the keyboard and named
#: for screen readers by their tooltip. Rows are [where, kind, popup, tooltip].
ENDS = """
window.journalMap.ends = %(rows)s.map(function (r) {
    var marker = L.marker(r[0], {
        icon: L.divIcon({className: "journal-end journal-end-" + r[1], iconSize: [18, 18]}),
        keyboard: true,
        zIndexOffset: 1000
    });
    marker.bindPopup(r[2]).bindTooltip(r[3]).addTo(%(map)s);
    marker.getElement().setAttribute("aria-label", r[3]);
    return marker;
});
"""

#: A dark casing under every day's line, in its pattern, so the palette's light colours stay
#: apart from the base map's pale land and roads; it takes no clicks (the line does).
CASINGS = """
window.journalMap.casings = window.journalMap.routes.map(function (line) {
    var o = line.options;
    return L.polyline(line.getLatLngs(), {
        color: %(color)s, weight: o.weight + 3, opacity: %(opacity)s, dashArray: o.dashArray,
        lineCap: o.lineCap, interactive: false, className: "journal-casing"
    }).addTo(%(map)s);
});
window.journalMap.routes.forEach(function (line) { line.bringToFront(); });
"""

#: The journal's lifetime map: a click on a trip's line opens the trip, in the whole window
#: (the map is framed in the home page). `hrefs` holds each line's link, relative to the map.
LINKS = """
(function (lines, hrefs) {
    lines.forEach(function (line, i) {
        line.on("click", function () {
            window.top.location.href = new URL(hrefs[i], window.location.href).href;
        });
    });
})(window.journalMap.routes, %(hrefs)s);
"""

#: The styles a marker of the photos' cluster may pick (its row's fifth item): a photo's is
#: Leaflet's pin, a clip's a round play button (style.css), named by its `title` (the
#: tooltip's text), since a drawn icon has no alt text.
MARKER_STYLES = (
    {},
    {"divIcon": {"className": "journal-clip", "iconSize": [26, 26], "iconAnchor": [13, 13]}},
)

#: Below this width (CSS pixels) the legend starts folded.
NARROW_PX = 480


#: The gesture hints, in the order the code above reads them.
GESTURE_WORDS = ("touch", "scroll", "scrollMac")


def gesture_words(text: Mapping[str, str]) -> list[str]:
    """The hints as a list (the map's data is arrays and strings only); none unless all three
    are given, and the plugin speaks the browser's language."""
    return [text[key] for key in GESTURE_WORDS] if all(text.get(k) for k in GESTURE_WORDS) else []


def gestures_js(map_name: str, words_json: str) -> str:
    """Gesture handling for a framed map; `words_json` holds `gesture_words`."""
    return GESTURES % {"map": map_name, "text": words_json}


def legend_js(map_name: str, legend_id_json: str) -> str:
    """The page's element of id `legend_id_json` (a JSON string) as a map control."""
    return LEGEND % {"map": map_name, "id": legend_id_json, "narrow": NARROW_PX}


def casings_js(map_name: str, color: str, opacity: float) -> str:
    """A casing under each of `window.journalMap.routes`, listed in `.casings`."""
    return CASINGS % {"map": map_name, "color": json.dumps(color), "opacity": opacity}


def links_js(hrefs_json: str) -> str:
    """A click on the n-th line of `window.journalMap.routes` opens the n-th link."""
    return LINKS % {"hrefs": hrefs_json}


def ends_js(map_name: str, rows_json: str) -> str:
    """The route's start and finish markers, listed in `window.journalMap.ends`."""
    return ENDS % {"map": map_name, "rows": rows_json}


def tooltip_html(text: str) -> str:
    """A tooltip's text as the HTML Leaflet's `bindTooltip` puts into the page (innerHTML):
    a title or caption holding `<img onerror=...>` is shown as written and runs nothing.
    Popups need no such step: the theme's templates render them, autoescaped."""
    return html.escape(text, quote=True)


def script_json(value: Any) -> str:
    """Compact JSON safe inside a <script> (no `<`, `>`, `&`, `'`: HTML in a popup cannot end
    the script) and inside the Jinja template Branca makes of every element's output (no
    braces: a caption holding "{{ x }}" would be evaluated). Escaping the braces is only
    right where they can only be in strings: arrays of arrays, numbers and strings."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=True)
    for char, escaped in SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return text


SCRIPT_ESCAPES = tuple((c, f"\\u{ord(c):04x}") for c in "<>&'{}")
