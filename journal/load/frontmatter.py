"""YAML front matter between `---` lines, as a Jekyll author writes it.

Two YAML surprises are switched off because they corrupt what a traveller types: `14:30`
is read by YAML 1.1 as the base-60 integer 870, and `2015-06-27` or a full timestamp
becomes a date object with its offset silently dropped. Here both stay strings, and the
entry loader parses them with the rules the README documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from journal.core.errors import JournalError

FENCE = "---"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps times and timestamps as the text the author wrote."""


def _keep_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    value = loader.construct_scalar(node)  # type: ignore[arg-type]
    if ":" in str(value) or "-" in str(value).lstrip("-+"):
        return str(value)
    return yaml.SafeLoader.construct_yaml_int(loader, node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:int", _keep_text)
_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: str(loader.construct_scalar(node)),  # type: ignore[arg-type]
)


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
