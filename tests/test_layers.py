"""The package's import graph: no loop, and no arrow from an earlier stage to a later one.

Data flows one way: reading (excel/) → validation and judging → words → render → the commands
that run it all. A module may import from its own stage or an earlier one, never a later one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dean24"

# Modules that only the commands (and the pipeline that the commands run) may use.
COMMANDS = {"cli", "__main__", "batch", "batchlog", "pipeline", "worker", "check", "forms"}
# What each stage must never import: every later stage.
LATER = {
    "excel": {"aggregate", "validation", "horizons", "facts", "document", "narrative", "notes"}
    | {"render", "history", "outputs"}
    | COMMANDS,
    "render": {"history", "outputs", "excel", "narrative"} | COMMANDS,
    "document": {"render", "history", "outputs", "excel", "narrative"} | COMMANDS,
    "facts": {"render", "document", "narrative", "history", "outputs", "excel"} | COMMANDS,
    "model": {"excel", "render", "facts", "document", "history", "outputs"} | COMMANDS,
    # The report model is finished before anything is rendered or stored: judging knows
    # neither the store nor the renderers, and the store knows nothing of judging.
    "aggregate": {"history", "outputs", "render", "document", "narrative"} | COMMANDS,
    "comparisons": {"history", "outputs", "render", "document", "narrative"} | COMMANDS,
    "history": {"aggregate", "comparisons", "horizons", "render", "outputs"} | COMMANDS,
    # The writer settles a killed run's record by the check its caller passes, never by
    # importing the store.
    "outputs": {"history", "render", "document", "narrative"} | COMMANDS,
}
# Foundations import only each other.
FOUNDATIONS = {"errors", "text", "periods", "model", "legacy", "vocabulary"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".") if package else []
                    base = base[: len(base) - node.level + 1]
                    source = ".".join([*base, node.module] if node.module else base)
                else:
                    source = (node.module or "").removeprefix("dean24").lstrip(".")
                    if not (node.module or "").startswith("dean24"):
                        continue
                for alias in node.names:
                    full = f"{source}.{alias.name}" if source else alias.name
                    targets.add(full if full in modules else source)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("dean24"):
                        targets.add(alias.name.removeprefix("dean24").lstrip("."))
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def _stage(module: str) -> str:
    return module.split(".")[0]


def test_the_graph_is_read() -> None:
    graph = _graph()
    assert "cli" in graph and "pipeline" in graph["cli"]
    assert "excel.reader" in graph["pipeline"]


def test_no_import_loop() -> None:
    graph = _graph()
    loops: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                loops.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not loops, "import loops: " + "; ".join(" → ".join(loop) for loop in loops)


@pytest.mark.parametrize("stage", sorted(LATER))
def test_no_arrow_runs_back_up(stage: str) -> None:
    graph = _graph()
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in graph.items()
        if _stage(module) == stage
        for target in targets
        if _stage(target) in LATER[stage] or target in LATER[stage]
    )
    assert not wrong, f"{stage} imports a later stage: {', '.join(wrong)}"


def test_foundations_import_only_foundations() -> None:
    graph = _graph()
    wrong = sorted(
        f"{module} → {target}"
        for module in FOUNDATIONS
        for target in graph.get(module, set())
        if target not in FOUNDATIONS
    )
    assert not wrong, ", ".join(wrong)


def test_nothing_imports_the_command_line() -> None:
    graph = _graph()
    users = sorted(module for module, targets in graph.items() if "cli" in targets)
    assert users == ["__main__"]
