"""The layout keeps its promises: imports go one way, and "published" is spelled in one place.

Both checks read the source (ast), so they hold for imports inside functions too: a lazy import that closes a
cycle is still a cycle in the design.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("events", "speakers", "eventsite")


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if {"migrations", "tests"} & set(path.relative_to(ROOT).parts):
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    return modules


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()

    def known(target: str) -> str:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in modules else known(node.module))
            elif isinstance(node, ast.Import):
                targets.update(known(alias.name) for alias in node.names)
        graph[name] = {t for t in targets if t and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert _cycles(_import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# What speakers may use of events: its public reads and writes, its policies, and its models for relations.
SPEAKERS_MAY_IMPORT = (
    "events.models",
    "events.selectors",
    "events.services",
    "events.visibility",
    "events.permissions",
    "events.programme",
)


def test_speakers_uses_events_only_through_selectors_and_services():
    graph = _import_graph()
    reached = {
        (module, target)
        for module, targets in graph.items()
        if module.startswith("speakers")
        for target in targets
        if target.partition(".")[0] == "events" and not target.startswith(SPEAKERS_MAY_IMPORT)
    }
    assert reached == set()


# The visibility module decides what is public; the services that publish are the only writers of the status.
MAY_SPELL_PUBLISHED = {
    "events/visibility.py",
    "events/services.py",
    "events/models/event.py",  # the Status choices themselves
    "events/models/publications.py",
}
PUBLISHED = re.compile(r"""["']published["']|Status\.PUBLISHED""")


def test_published_is_spelled_only_where_it_is_decided():
    spelled = {
        str(path.relative_to(ROOT))
        for package in ("events", "speakers")
        for path in (ROOT / package).rglob("*.py")
        if not {"migrations", "tests"} & set(path.relative_to(ROOT).parts) and PUBLISHED.search(path.read_text())
    }
    assert spelled - MAY_SPELL_PUBLISHED == set()
