"""journal: a bilingual travel journal, written on the road and published at home."""

__version__ = "0.1.0"
