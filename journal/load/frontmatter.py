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

import json
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


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """SafeDumper that quotes a string YAML 1.1 or the loader above would read as anything but
    that string: `1.5e3` is text to YAML 1.1 and a number to the loader, so it is quoted.
    libyaml's emitter where PyYAML has it: an import writes thousands of entries, and it
    writes the same text five times faster."""


#: Characters Python's `splitlines` breaks a line at, which YAML may leave raw in a quoted
#: string: the fence search in `parse` must never see them, so such strings are escaped.
_LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _LINE_BREAKS.intersection(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)
for _tag, _pattern, _first in _RESOLVERS:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
    _Dumper.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
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
        hint = quoting_hint(lines[line - 1] if line - 1 < end else "")
        raise JournalError(path, f"invalid front matter: {problem}{hint}", line) from None
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


#: `key: value` where the value is plain text (not quoted, not a list or a mapping).
_PLAIN_VALUE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>[^\s\"'\[{|>].*?)\s*$")


def quoting_hint(line: str) -> str:
    """How to write a `key: value` line whose plain value YAML cannot read (a colon, a `#`,
    a leading `@` or `*`): the same value in double quotes, escaped as YAML reads it back.
    Empty for any other line: the hint is only given where quoting is the fix."""
    match = _PLAIN_VALUE.match(line.rstrip("\r\n"))
    if not match:
        return ""
    quoted = json.dumps(match["value"], ensure_ascii=False)
    return f"; put the value in quotes: {match['key']}: {quoted}"


def dump(data: dict[str, Any]) -> str:
    """Front matter text for a new entry: one `key: value` line a key, in the given order,
    nested values indented below their key, Unicode kept readable; whatever a value holds
    (colons, quotes, `#`, `---`, words YAML would read as booleans or numbers), `parse` reads
    back the same value."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**31 - 1,  # a long title stays on its line, as a person would write it
    )
    return f"{FENCE}\n{body}{FENCE}\n"
