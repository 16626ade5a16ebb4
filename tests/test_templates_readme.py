"""templates/README.md documents every variable, filter and global the shipped templates use:
a template that reads a name the README does not list fails here, naming the template."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import meta, nodes

from dean24.words.narrative import environment
from dean24.words.templates_path import templates_dir

# Jinja's own names and tests, not the program's
JINJA = {"loop", "none", "true", "false", "range", "namespace", "lipsum", "dict", "cycler"}
JINJA_FILTERS = {
    "join", "length", "lower", "upper", "map", "select", "selectattr", "rejectattr", "list",
    "first", "last", "sort", "default", "int", "string", "round", "abs", "replace", "sum",
    "unique", "reject", "trim", "batch", "count", "groupby",
}  # fmt: skip
JINJA_TESTS = {"none", "defined", "equalto", "in", "number", "string", "sameas", "odd", "even"}


def documented() -> set[str]:
    """Every `name` the README shows in backticks (the name before a dot or a parenthesis)."""
    text = (templates_dir() / "README.md").read_text("utf-8")
    return set(re.findall(r"`(?:\{\{ )?([A-Za-z_]\w*)", text))


def used() -> dict[str, set[str]]:
    """Per shipped template: the variables it reads from outside, the filters and tests."""
    env = environment([templates_dir()])
    found: dict[str, set[str]] = {}
    for path in sorted(templates_dir().glob("*.j2")):
        tree = env.parse(path.read_text("utf-8"))
        # report.md.j2 is the Markdown layout's, with that renderer's filters
        env.filters.update({f.name: str for f in tree.find_all(nodes.Filter)} | env.filters)
        names = set(meta.find_undeclared_variables(tree)) - JINJA
        # set in one branch and read after it: Jinja counts them as from outside
        names -= {n.name for n in tree.find_all(nodes.Name) if n.ctx in {"store", "param"}}
        names |= {f.name for f in tree.find_all(nodes.Filter)} - JINJA_FILTERS
        names |= {t.name for t in tree.find_all(nodes.Test)} - JINJA_TESTS
        found[path.name] = names
    return found


def test_the_readme_documents_every_name_a_template_uses() -> None:
    known = documented()
    missing = {name: sorted(n - known) for name, n in used().items() if n - known}
    assert not missing, f"not in templates/README.md: {missing}"


def test_the_check_sees_an_undocumented_name(tmp_path: Path) -> None:
    env = environment([templates_dir()])
    tree = env.parse("{{ khong_co_trong_readme | so }} {{ period.label }}")
    names = set(meta.find_undeclared_variables(tree))
    assert names == {"khong_co_trong_readme", "period"}
    assert "khong_co_trong_readme" not in documented()
    assert {"period", "so", "dem", "anchor"} <= documented()
