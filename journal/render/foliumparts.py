"""The Branca elements journal's live maps are made of, and the map's parts rendered.

Kept apart from foliummap.py, which decides what goes on a map: here are the pieces Folium
lacks or adds too much of — a map without the page-level parts of a standalone file, layers
drawn by one loop over one JSON array, the marker cluster and a script of the theme's, and
`window.journalMap`, which names what was drawn for scripts and tests — and the rendering of
a map's head, body and script with Folium's random ids made a count (deterministic output).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from journal.render.mapcontrols import script_json
from journal.render.mapspec import MAP_NAME, MapParts


def map_parts(fmap: folium.Map) -> MapParts:
    """Render the Figure's three pieces, with ids made sequential first."""
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    # The page template declares the charset; a second declaration is invalid HTML.
    figure.header._children.pop("meta_http", None)
    counter = itertools.count(1)
    _renumber(figure, counter)
    fmap._id = MAP_NAME.removeprefix("map_")
    figure.render()
    return MapParts(
        head=_tidy(figure.header.render()),
        body=_tidy(figure.html.render()),
        script=_tidy(figure.script.render()),
    )


def _renumber(element: Element, counter: itertools.count[int]) -> None:
    """Replace Folium's random ids with a count, in tree order (deterministic output)."""
    element._id = str(next(counter))
    for child in element._children.values():
        _renumber(child, counter)


def _tidy(text: str) -> str:
    """Drop the blank lines Jinja leaves, so the parts read well in the page source."""
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"


class BareMap(folium.Map):
    """folium.Map without the page-level parts Folium adds for a standalone file: a second
    viewport <meta>, full-page html/body styles and global switches the page does not need."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100vh;
            height: 100dvh; }</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div class="folium-map journal-map" id="{{ this.get_name() }}"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
            center: {{ this.location|tojson }}, ...{{ this.options|tojavascript }}
        });
        L.control.scale().addTo({{ this.get_name() }});
        {% endmacro %}
        """
    )


class Layers(MacroElement):
    """Leaflet layers made in a loop by `L.<factory>(where, options)` from one JSON array of
    [where, option, popup, tooltip(, more options)] rows: `option` is the row's own value of
    the option named `option_name` (a line's colour, a pin's alt text), popup and tooltip are
    bound when not empty; a fifth item picks the options of `styles` added to the row's (a
    leg's kind; a clip's `divIcon`, drawn as its icon and named by its title), a sixth is a
    dash array (a day's pattern). The layers go to `target`: the map one by one, a cluster
    in one call (which clusters once, not once per marker). The element's variable holds
    the layers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.rows }}.map(function (r) {
            var options = {{ this.options }};
            {% if this.option_name -%}
            if (r[1]) options[{{ this.option_name|tojson }}] = r[1];
            {%- endif %}
            if (r[4]) Object.assign(options, {{ this.styles }}[r[4]]);
            {% if this.icons -%}
            var drawn = options.divIcon;
            if (drawn) Object.assign(options, {icon: L.divIcon(drawn), title: r[1]});
            {%- endif %}
            if (r[5]) options.dashArray = r[5];
            var layer = L.{{ this.factory }}(r[0], options);
            if (r[2]) layer.bindPopup(r[2]);
            if (r[3]) layer.bindTooltip(r[3]);
            return layer;
        });
        {% if this.bulk -%}
        {{ this.target.get_name() }}.addLayers({{ this.get_name() }});
        {%- else -%}
        {{ this.get_name() }}.forEach(function (layer) {
            layer.addTo({{ this.target.get_name() }});
        });
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        name: str,
        factory: str,
        rows: list[list[Any]],
        options: Mapping[str, Any],
        option_name: str,
        target: Element,
        styles: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__()
        self._name = name
        self.factory = factory
        self.rows = script_json(rows)
        self.options = json.dumps(dict(options), sort_keys=True)  # ours: plain keys and values
        self.option_name = option_name
        # ours, a list of flat tables: never two braces in a row for Branca's template
        self.styles = json.dumps([dict(x) for x in styles], sort_keys=True)
        self.icons = any("divIcon" in style for style in styles)
        self.target = target
        self.bulk = isinstance(target, Cluster)


class Cluster(JSCSSMixin, Layer):
    """The photos' marker cluster, as folium.plugins.MarkerCluster draws it with no options:
    its own class, because importing folium.plugins imports every plugin folium has (0.1 s)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup(
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__(overlay=True, control=False)
        self._name = "MarkerCluster"
        self.options: dict[str, Any] = {}


class Script(JSCSSMixin):
    """Ready-made JavaScript (mapcontrols.py's) in the map's script, with the vendored files
    it needs (`default_js`, `default_css`) linked in the head."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
        """
    )

    def __init__(self, name: str, code: str) -> None:
        super().__init__()
        self._name = name
        self.code = code


class Registry(MacroElement):
    """`window.journalMap`: the map and what was drawn on it, for scripts and browser tests."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.journalMap = {
            map: {{ this.fmap.get_name() }},
            routes: {{ this.lines.get_name() }},
            markers: [].concat({{ this.names(this.groups) }}),
            cluster: {{ this.cluster.get_name() if this.cluster else "null" }},
            playback: {{ this.playback }}
        };
        {% endmacro %}
        """
    )

    def __init__(
        self,
        fmap: folium.Map,
        lines: Layers,
        groups: Sequence[Layers],
        cluster: Cluster | None,
        playback: str,
    ) -> None:
        super().__init__()
        self._name = "Registry"
        self.playback = playback  # script_json of [each line's day, each marker's step]
        self.fmap = fmap
        self.lines = lines
        self.groups = list(groups)
        self.cluster = cluster

    @staticmethod
    def names(elements: Sequence[Element]) -> str:
        return ", ".join(e.get_name() for e in elements)
