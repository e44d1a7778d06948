"""Is a text Italian or English? Told by py3langid, the only user of it.

A travel note is often three lines: "Fuel stop", "Caffè in piazza", "Great ride!". Counting
the small words each sentence needs (`il`, `che`, `the`, `and`) filed those as undecided, and
an undecided English note went to the trip's default language, Italian. py3langid (langid.py's
character n-gram model, 4.6 MB, no network, BSD) restricted to the two languages tells 21 of
23 such notes right where the small words told 9, and says how sure it is: below
`CONFIDENT` the text is undecided and the caller picks (`--lang`, then the language of the
export's other entries, then the trip's default). Loaded once, only when an export has text.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: The languages journal writes in.
LANGUAGES = ("it", "en")
#: How sure the model must be (its probability, the two languages summing to one).
CONFIDENT = 0.7


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str | None:
    """`it`, `en`, or None when the text does not tell."""
    if not text.strip():
        return None
    lang, probability = _identifier().classify(text)
    return str(lang) if probability >= CONFIDENT else None
