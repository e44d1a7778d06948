"""Text and links for pages Jekyll runs through Liquid: what the author wrote stays words.

Owns the three escapes of everything journal adds to a blog: user text outside a raw block
(`liquid_text`), a site path through `relative_url` (`liquid_url`), and a travelogue body
with the author's text inside `{% raw %}` and each local URL outside it (`liquid_body`).
Nothing here knows where a trip lives in a blog: `liquid_body` is handed the function that
turns a path of the standalone site into a site path of the blog.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from urllib.parse import quote

from markupsafe import Markup, escape

URL_ATTR = re.compile(r'(\s(?:src|href|srcset|poster)=")([^"]*)(")')
ENDRAW = re.compile(r"\{%(-?\s*endraw)")
SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#)")

#: Characters a URL path keeps as they are inside a Liquid string: no quote (the string's
#: or the attribute's end), no brace (a tag's end), no `<` or `>`; the rest is percent-encoded.
URL_SAFE = "/:@!$&()*+,;=?#~-._"


def liquid_text(text: str) -> Markup:
    """Text for a page Jekyll runs through Liquid, outside a raw block: escaped for HTML, and
    its braces and percent signs written as character references, so that `{{ site.title }}`
    or `{% comment %}` in a title stay words on the page instead of Liquid code. The one
    escape of user-written text in what journal adds to a blog; a `Markup` (text a template
    already escaped) is not escaped twice."""
    escaped = str(escape(text))
    for char in "{}%":
        escaped = escaped.replace(char, f"&#{ord(char)};")
    return Markup(escaped)


def url_path(path: str) -> str:
    """A URL path percent-encoded for a Liquid string or an attribute (an existing escape is
    kept): no character of it can end a quoted string or a tag."""
    path = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", path)
    return quote(path, safe=URL_SAFE + "%")


def liquid_url(site_path: str) -> str:
    """`{{ '/a/b' | relative_url }}`: Jekyll prefixes the baseurl at build time. The path is
    percent-encoded first, whatever an author wrote in a link."""
    path, hash_, fragment = site_path.partition("#")
    return f"{{{{ '{url_path(path)}' | relative_url }}}}{hash_}{url_path(fragment)}"


def liquid_markup(site_path: str) -> Markup:
    """`liquid_url` for templates: Liquid's quotes must reach the page unescaped."""
    return Markup(liquid_url(site_path))


def liquid_body(fragment: str, page_dir: str, site_path: Callable[[str], str]) -> str:
    """Author text inside `{% raw %}`; each local URL outside it, through relative_url.

    `site_path` turns a file of the standalone site (relative to its root, `#fragment` kept)
    into the blog's site path of what replaces it there."""

    def one(url: str) -> str:
        url = html.unescape(url)
        if not url or SCHEME.match(url):
            return html.escape(url)
        site_rel = posixpath.normpath(posixpath.join(page_dir, url))
        return "{% endraw %}" + liquid_url(site_path(site_rel)) + "{% raw %}"

    def attr(match: re.Match[str]) -> str:
        value = match.group(2)
        if match.group(1).strip().startswith("srcset"):
            parts = [p.strip().split(" ", 1) for p in value.split(",") if p.strip()]
            value = ", ".join(" ".join([one(p[0]), *p[1:]]) for p in parts)
        else:
            value = one(value)
        return match.group(1) + value + match.group(3)

    safe = ENDRAW.sub(r"{&#37;\1", fragment)  # an author's own "{% endraw %}" stays text
    return "{% raw %}" + URL_ATTR.sub(attr, safe) + "{% endraw %}"
