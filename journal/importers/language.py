"""Is a text Italian or English? Counted on the little words every sentence needs.

A travel note of a few lines says `il`, `che`, `della` or `the`, `and`, `was` many times; the
language with more of its own small words wins. Two languages and a few dozen words each are
all journal needs, so a statistical detector (and its model files) would be weight for nothing.
A text with none of them, or as many of each, is undecided and the caller picks (`--lang`, then
the trip's default language).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "it": _words(
        "il lo la i gli le un una uno di del della dei degli delle da dal dalla nel nella"
        " sul sulla al alla ai agli alle con per tra fra che non è e ed ma anche come più"
        " molto poi ci si sono siamo era eravamo abbiamo ho ha hanno questo questa quel"
        " quella oggi ieri domani dove quando perché sempre ancora già dopo prima verso"
        " tutto tutti strada giorno sera mattina"
    ),
    "en": _words(
        "the an of to in on at by for from with and but or not is are was were be been"
        " have has had we you he she it they this that these those there here today"
        " yesterday tomorrow where when after before then than very all still just into"
        " our my road day evening morning"
    ),
}


def detect_language(text: str) -> str | None:
    """`it`, `en`, or None when the words do not tell."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text.replace("’", "'"))]
    words = [w.split("'", 1)[1] if w.startswith(("l'", "d'", "un'", "all'")) else w for w in words]
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best
