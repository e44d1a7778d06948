"""YAML front matter between `---` lines, as a Jekyll author writes it.

PyYAML reads YAML 1.1, which rewrites the author's words: `title: No` becomes False (and
renders "False"), `yes`, `on` and `off` become booleans, `010` the octal 8, `14:30` the
base-60 integer 870, and `2015-06-27` a date with any offset silently dropped. The loader
here resolves plain words the YAML 1.2 way instead: only `true` and `false` are booleans,
only plain decimal numbers are numbers (`45.92`, `-7`; not `010`, `0x1A` or `1_000`), and
everything else, times and dates included, stays the text written. The entry loader then
parses times and dates with the rules the README documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from journal.core.errors import JournalError

FENCE = "---"

#: What a plain (unquoted) word may be read as besides text: YAML 1.2's core schema, minus
#: the octal, hexadecimal, infinite and not-a-number forms nobody means in front matter.
_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
     "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
)  # fmt: skip


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps the author's words: see the module's doc."""

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}


for _tag, _pattern, _first in _RESOLVERS:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
# Keys such as `<<` (merge) and `=` (value) keep their YAML meaning; nothing else is implicit.
for _first, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"):
            _Loader.yaml_implicit_resolvers.setdefault(_first, []).append((_tag, _regexp))


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter with the line each top-level key is on, for error messages."""

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def parse(text: str, path: Path) -> FrontMatter:
    """Split and parse; raise JournalError naming the file and line on any problem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        raise JournalError(path, "no front matter: the file must start with a '---' line", 1)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if end is None:
        raise JournalError(path, "front matter is not closed by a '---' line", 1)
    source = "".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=_Loader)
        data = yaml.load(source, Loader=_Loader) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the unfinished construct began (an unclosed `[`), which
        # is the line to fix; the problem mark is often just the end of the block.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 2 if mark else 1
        problem = "; ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise JournalError(path, f"invalid front matter: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise JournalError(path, f"invalid front matter: {exc}", 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise JournalError(path, "front matter must be a mapping of key: value lines", 2)
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return FrontMatter(
        data={str(k): v for k, v in data.items()},
        lines=key_lines,
        body="".join(lines[end + 1 :]),
        body_line=end + 2,
    )


def dump(data: dict[str, Any]) -> str:
    """Front matter text for a new entry: keys in the given order, Unicode kept readable."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return f"{FENCE}\n{body}{FENCE}\n"
