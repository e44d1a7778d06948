"""What one entry's Markdown may cost: the slow corners of Python-Markdown made safe.

Python-Markdown looks for the end of every construct it starts from where it starts to the
end of the paragraph, or of the text: an unclosed `[x](`, `<a ` or `[[x](y)` repeated makes
it quadratic (8 KB of `[x](`: 1.9 s; 32 KB: 31 s), and an export is a stranger's text. Two
linear passes bound it, before the text is converted:

- in a paragraph with many unclosed brackets, parentheses or angle brackets, those are
  escaped (`\\[`, `\\(`, `&lt;`): Markdown shows an unclosed one as it is written anyway, so
  the page reads the same, but nothing is looked for past it any more;
- a paragraph longer than `MAX_BLOCK` is cut into paragraphs at its line breaks (or, on one
  endless line, at spaces), since every inline construct costs the length of its paragraph.

Ordinary text is never touched: both apply only past their thresholds, and each time the
caller is told, for one warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The longest paragraph converted as one: formatting 16 KB of the worst text left takes
#: under a second.
MAX_BLOCK = 16_384
#: The most brackets in one paragraph: each link costs a scan of its paragraph (64 KB of
#: `[x](y)` took a minute in one piece, 3 s in pieces of this many).
MAX_BRACKETS = 64
#: Unclosed brackets a paragraph may hold before they are all escaped: a stray "(" or "<3"
#: in prose is fine; hundreds are an attack or a paste gone wrong.
MAX_UNCLOSED = 8
_BLANK = re.compile(r"(\n[ \t]*\n)")
_ESCAPED = {"[": "\\[", "]": "\\]", "(": "\\(", ")": "\\)", "<": "&lt;"}
_PAIRS = {"]": "[", ")": "("}


@dataclass(frozen=True)
class Defused:
    """The text to convert, and what was done to it (0 when nothing)."""

    text: str
    escaped: int = 0
    split: int = 0


def defuse(text: str) -> Defused:
    """`text` with its slow corners made safe (see the module's docstring)."""
    if len(text) <= 4 * MAX_UNCLOSED and "\n" not in text:
        return Defused(text)
    out, escaped, split = [], 0, 0
    for piece in _BLANK.split(text):
        if _BLANK.fullmatch(piece) or not piece:
            out.append(piece)
            continue
        blocks = _cut(piece)
        split += len(blocks) - 1
        for i, block in enumerate(blocks):
            fixed, count = _escape_unclosed(block)
            escaped += count
            out.append(("\n\n" if i else "") + fixed)
    return Defused("".join(out), escaped, split)


def _cut(block: str) -> list[str]:
    """A paragraph in pieces of at most MAX_BLOCK characters and MAX_BRACKETS brackets, cut
    at a line break, else at a space, else anywhere."""
    pieces = []
    while True:
        limit = min(len(block), MAX_BLOCK, _nth(block, "[", MAX_BRACKETS + 1))
        if limit == len(block):
            return [*pieces, block] if block or not pieces else pieces
        at = block.rfind("\n", 0, limit)
        if at <= 0:
            at = block.rfind(" ", 0, limit)
        if at <= 0:
            at = limit
        pieces.append(block[:at])
        block = block[at:].lstrip("\n ")


def _nth(text: str, char: str, n: int) -> int:
    """Where the n-th `char` of `text` is (its length when there are fewer)."""
    at = -1
    for _ in range(n):
        at = text.find(char, at + 1)
        if at < 0:
            return len(text)
    return at


def _escape_unclosed(block: str) -> tuple[str, int]:
    """The paragraph with its unclosed brackets escaped when there are more than
    MAX_UNCLOSED of them; code spans and indented code are left as written."""
    unclosed = _unclosed(block)
    if len(unclosed) <= MAX_UNCLOSED:
        return block, 0
    chars = list(block)
    for i in unclosed:
        chars[i] = _ESCAPED[block[i]]
    return "".join(chars), len(unclosed)


def _unclosed(block: str) -> list[int]:
    """Positions of the `[ ] ( ) <` that nothing closes, outside code."""
    code = _code_spans(block)
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    strays: list[int] = []
    angles: list[int] = []
    i = 0
    while i < len(block):
        if i in code:
            i = code[i]
            continue
        char = block[i]
        if char == "\\":
            i += 2
            continue
        if char in stacks:
            stacks[char].append(i)
        elif char in _PAIRS:
            opened = stacks[_PAIRS[char]]
            if opened:
                opened.pop()
            else:
                strays.append(i)
        elif char == "<":
            angles.append(i)
        elif char == ">":
            angles.clear()  # a `>` closes every `<` before it, as far as cost goes
        i += 1
    return sorted([*stacks["["], *stacks["("], *strays, *angles])


def _code_spans(block: str) -> dict[int, int]:
    """Where each code span (or indented code line) starts -> where it ends."""
    spans: dict[int, int] = {}
    offset = 0
    for line in block.split("\n"):
        if line.startswith(("    ", "\t")):
            spans[offset] = offset + len(line)
        offset += len(line) + 1
    opened: tuple[int, int] | None = None  # (start, length) of the span being read
    for run in re.finditer(r"`+", block):
        length = run.end() - run.start()
        if opened is None:
            opened = (run.start(), length)
        elif length == opened[1]:
            spans[opened[0]] = run.end()
            opened = None
    return spans
