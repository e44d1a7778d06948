"""The shape of the house: folders for the stages, arrows pointing down, small parts.

These are the rules of ../shared/STYLE.md and the README's code tour, checked on the code as
it is, so that a module that grows past them or an import that points up fails here first.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "journal"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
MAX_TOP_MODULES = 12


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_stages_are_folders_and_few_modules_stay_at_the_top() -> None:
    stages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert {"core", "load", "enrich", "render", "publish"} <= set(stages)
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


def test_no_function_or_module_is_too_long() -> None:
    too_long = []
    for path in modules():
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(REPO)
        if source.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{rel}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{rel}:{node.lineno} {node.name}: {length} lines")
    assert not too_long, "\n".join(too_long)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    graph = grimp.build_graph("journal")
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_layer_contract_holds() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(lint).is_file():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([lint], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_code_tour_lists_every_module_once() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## For contributors", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([\w/]+\.py)` \|", tour, re.M)
    actual = [p.relative_to(PACKAGE).as_posix() for p in modules() if p.name != "__init__.py"]
    assert sorted(listed) == sorted(actual)
