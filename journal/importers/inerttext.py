"""Text from an export made Markdown that shows what it says and does nothing.

An entry the author writes may hold raw HTML: it is his own page. The text of an export is a
stranger's (a Strava description, a Polarsteps step, a Day One entry from a shared file), and
Python-Markdown would publish its `<script>`, its `<img onerror=...>` and its
`[x](javascript:...)` as they are. So every imported body passes here once, before it is
written: what would start a tag is written `&lt;`, a character reference (`&#x61;`, which a
browser decodes inside a link) loses its power as `&amp;`, and a `javascript:`, `vbscript:` or
`data:` URL, however spelled, leaves the link or image it was in: its bracket escaped, the
words are shown as written. Ordinary text, links to the web and the importer's own
`![...](photos/...)` pass unchanged; what changed is counted, so the import can say so.
"""

from __future__ import annotations

import re

#: `<` opening a tag, a closing tag, a comment or a processing instruction.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
#: A named, decimal or hexadecimal character reference.
_REFERENCE = re.compile(r"&(?=#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;)")
#: Browsers drop tabs and line breaks anywhere in a URL, so `java<TAB>script:` still runs.
_GAP = r"[\t\n\r]*"
_SCHEMES = ("javascript", "vbscript", "data")
_SCHEME = "(?:" + "|".join(_GAP.join(name) for name in _SCHEMES) + ")" + _GAP + ":"
#: Such a scheme where Markdown reads a URL: the `]` before `(` of a link or an image, and the
#: `[` of a reference's definition (not a footnote's), escaped: the words stay, the link goes.
#: Elsewhere `Data: 5 luglio` is just text.
_INLINE = re.compile(rf"\](?=\s*\([\s<]*{_SCHEME})", re.IGNORECASE)
_DEFINITION = re.compile(
    rf"^( {{0,3}})\[(?=[^\[\]^\n][^\[\]\n]*\]:[\s<]*{_SCHEME})", re.IGNORECASE | re.M
)


def inert_markdown(text: str) -> tuple[str, int]:
    """`text` with no markup of its own, and how many places were changed."""
    text, references = _REFERENCE.subn("&amp;", text)
    text, links = _INLINE.subn(r"\\]", text)
    text, definitions = _DEFINITION.subn(r"\1\\[", text)
    text, tags = _TAG_START.subn("&lt;", text)
    return text, references + links + definitions + tags
