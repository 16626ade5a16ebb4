"""The package's import graph: no loop, and no arrow from an earlier stage to a later one.

Data flows one way, and the package's folders are its stages: reading → checking → judging →
words → render, over the foundations (core, programme, store), run by the commands. A module
may import from its own stage or an earlier one, never a later one.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dean24"

# The stages in the order data flows through them; a module imports its own stage or an
# earlier one (and the package root, for its version), never a later one.
STAGES = (
    "core",  # errors and their catalogue, text, periods, the model, the vocabulary
    "programme",  # the configuration: indicators, targets, units
    "store",  # the history store, the all-or-nothing writer, the cache
    "reading",  # workbooks: containers, sheets, tables, column roles, figures
    "checking",  # one period, known units, totals, rules, plausibility
    "judging",  # added up, judged over horizons, compared with stored periods
    "words",  # facts, templates and their bounds, notes, the document's blocks
    "render",  # Markdown, Word, JSON, the summary workbook, PDF, marked copies
    "commands",  # the command line, the report pipeline, batch, check, forms
)
# Inside a stage, what a module must not import.
WITHIN = {
    # The writer settles a killed run's record by the check its caller passes, never by
    # importing the store.
    "store.outputs": {"store.history"},
    # What is true is decided before it is laid out or said.
    "words.facts": {"words.document", "words.narrative"},
    "words.document": {"words.narrative"},
}
# A sheet's layouts are read each in its own module over concerns they share (headers, columns,
# period, figures, indicator rows); a shared concern never reads a layout, and only detect
# tells which layout a sheet holds.
_LAYOUTS = {
    f"reading.layouts.{name}"
    for name in ("detect", "summary", "units_over_rows", "unit_form", "transposed")
}
for _shared in ("context", "headers", "columns", "period", "figures", "notices", "indicator_rows"):
    WITHIN[f"reading.layouts.{_shared}"] = _LAYOUTS
for _layout in _LAYOUTS - {"reading.layouts.detect"}:
    WITHIN[_layout] = {"reading.layouts.detect"}
# Renderers lay out the finished document; they never run the narrative's templates.
LATER_IN_WORDS = {"render": {"words.narrative"}}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache  # read once: every test below only reads it
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
    assert "commands.cli" in graph and "commands.pipeline" in graph["commands.cli"]
    assert "reading.reader" in graph["commands.pipeline"]


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


def test_every_module_is_in_a_stage() -> None:
    graph = _graph()
    loose = sorted(m for m in graph if m not in {"", "__main__"} and _stage(m) not in STAGES)
    assert not loose, f"modules outside the stages: {', '.join(loose)}"


@pytest.mark.parametrize("stage", STAGES)
def test_no_arrow_runs_back_up(stage: str) -> None:
    graph = _graph()
    allowed = set(STAGES[: STAGES.index(stage) + 1]) | {""}
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in graph.items()
        if _stage(module) == stage
        for target in targets
        if _stage(target) not in allowed
        or target in LATER_IN_WORDS.get(stage, set())
        or target in WITHIN.get(module, set())
    )
    assert not wrong, f"{stage} imports a later stage: {', '.join(wrong)}"


def test_nothing_imports_the_command_line() -> None:
    graph = _graph()
    users = sorted(module for module, targets in graph.items() if "commands.cli" in targets)
    assert users == ["__main__"]


def test_one_module_makes_the_template_environment() -> None:
    """The templates of words are loaded in one environment, with one translation of their
    errors: the narrative and the renderers ask words.templating, never build their own."""
    graph = _graph()
    makers = sorted(module for module, targets in graph.items() if "words.bytecode" in targets)
    assert makers == ["words.templating"]
    users = sorted(module for module, targets in graph.items() if "words.templating" in targets)
    assert users == ["render.markdown", "words.narrative"]
