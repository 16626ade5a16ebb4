"""The catalogue of codes (src/dean24/core/codes.py) holds every code the package uses, once, and
nothing else; the README's table and the JSON schema's warning codes are made from it.

The package's source is read as syntax trees, never run: a code is a string given as the code of
a Problem or of an error of the Dean24Error family, given to a parameter named `code` (of any
function or class of the package, or as `code=`), assigned to a variable named `code`, returned
as the code of a `code, message = f(...)` pair, taken from a module's table of codes, or the
value of a `"code"` key.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dean24.core.codes import BY_NAME, CODES, Kind, markdown_table, warning_codes

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dean24"
CATALOGUE = "src/dean24/core/codes.py"
README = ROOT / "README.md"
TABLE_START = (
    "<!-- codes: made by `make codes` from src/dean24/core/codes.py; not edited by hand -->"
)
TABLE_END = "<!-- end of codes -->"
USAGE_CLASSES = {"UsageError", "ConfigError", "ConfigInvalid"}
CODE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class Use:
    """A code named in the source: where, and what it is given to ("Problem", "refuse", …)."""

    code: str
    file: str
    line: int
    how: str
    severity: str = ""  # a Problem's literal severity, when given

    @property
    def kinds(self) -> set[Kind]:
        """The kinds the use allows; empty where it says nothing of its kind."""
        if self.severity == "warning":
            return {Kind.WARNING}
        if self.how in USAGE_CLASSES:
            return {Kind.USAGE}
        if self.how == "Problem" and not self.severity:
            return {Kind.ERROR, Kind.USAGE}  # a configuration's problems are gathered
        return set()


@dataclass
class Found:
    uses: list[Use] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # "file:line: expression"
    family_modules: set[str] = field(default_factory=set)  # the modules that define them


def _family(trees: dict[str, list[ast.AST]]) -> set[str]:
    """Problem and every class of the package that derives from Dean24Error."""
    bases: dict[str, set[str]] = {}
    for nodes in trees.values():
        for node in nodes:
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {ast.unparse(b).rpartition(".")[2] for b in node.bases}
    family = {"Dean24Error"}
    while grown := {name for name, of in bases.items() if of & family} - family:
        family |= grown
    return family | {"Problem"}


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def walk(package: Path = PACKAGE) -> Found:
    """Every code the package's source names, and every code argument it cannot read."""
    modules = {
        path.relative_to(package.parent.parent).as_posix(): ast.parse(path.read_text("utf-8"))
        for path in sorted(package.rglob("*.py"))
    }
    trees = {file: list(ast.walk(tree)) for file, tree in modules.items()}
    family = _family(trees)
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    # function or class → the positions of its `code` parameter (or dataclass field)
    code_at: dict[str, set[int]] = {}
    for nodes in trees.values():
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions.setdefault(node.name, []).append(node)
                if "code" in _params(node):
                    code_at.setdefault(node.name, set()).add(_params(node).index("code"))
            elif isinstance(node, ast.ClassDef):
                fields = [
                    item.target.id
                    for item in node.body
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                ]
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        fields = _params(item)
                if "code" in fields:
                    code_at.setdefault(node.name, set()).add(fields.index("code"))
    found = Found()
    found.family_modules = {
        file
        for file, nodes in trees.items()
        if any(isinstance(node, ast.ClassDef) and node.name in family for node in nodes)
    }
    for file, tree in modules.items():
        _walk_module(file, tree, trees[file], family, functions, code_at, found)
    return found


def _walk_module(
    file: str,
    tree: ast.Module,
    nodes: list[ast.AST],
    family: set[str],
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]],
    code_at: dict[str, set[int]],
    found: Found,
) -> None:
    constants: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            if isinstance(node.targets[0], ast.Name):
                constants[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            constants[node.target.id] = node.value

    def resolve(
        expr: ast.expr | None, index: int | None = None, seen: frozenset[str] = frozenset()
    ) -> Iterator[str | None]:
        """The codes expr can be (its item index, for a pair); None for one not readable."""
        if expr is None:
            return
        if index is not None:
            if isinstance(expr, ast.Tuple) and index < len(expr.elts):
                yield from resolve(expr.elts[index], None, seen)
            elif isinstance(expr, ast.Call):
                yield from returned(expr, index, seen)
        elif isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                yield expr.value
        elif isinstance(expr, ast.IfExp):
            yield from resolve(expr.body, None, seen)
            yield from resolve(expr.orelse, None, seen)
        elif isinstance(expr, ast.Name):
            if expr.id in constants and expr.id not in seen:
                yield from resolve(constants[expr.id], None, seen | {expr.id})
        elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            yield from table(expr.value.id, None, seen)
        elif (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "get"
            and isinstance(expr.func.value, ast.Name)
            and expr.func.value.id in constants
        ):
            default = expr.args[1] if len(expr.args) > 1 else None
            yield from table(expr.func.value.id, default, seen)
        elif isinstance(expr, ast.Call):
            yield from returned(expr, None, seen)
        elif isinstance(expr, ast.JoinedStr | ast.BinOp):
            yield None

    def table(name: str, default: ast.expr | None, seen: frozenset[str]) -> Iterator[str | None]:
        values = constants.get(name)
        if isinstance(values, ast.Dict):
            for value in values.values:
                yield from resolve(value, None, seen)
        yield from resolve(default, None, seen)

    def returned(call: ast.Call, index: int | None, seen: frozenset[str]) -> Iterator[str | None]:
        if not isinstance(call.func, ast.Name) or call.func.id in seen:
            return
        for function in functions.get(call.func.id, []):
            for node in ast.walk(function):
                if isinstance(node, ast.Return):
                    yield from resolve(node.value, index, seen | {call.func.id})

    def note(
        expr: ast.expr | None,
        at: ast.AST,
        how: str,
        severity: str = "",
        index: int | None = None,
        strict: bool = False,
    ) -> None:
        """Record the codes expr gives. Strict: the code argument of the error family, where
        anything is a code; elsewhere (a parameter named code, a variable) only a literal
        shaped as a code is one: `parse_code("2024-H1")` takes a period's code."""
        line = getattr(at, "lineno", 0)
        for code in resolve(expr, index):
            if code is None:
                if strict:
                    found.unresolved.append(f"{file}:{line}: {ast.unparse(expr)}")  # type: ignore[arg-type]
            elif strict or CODE_SHAPE.fullmatch(code):
                found.uses.append(Use(code, file, line, how, severity))

    for node in nodes:
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", "") or getattr(func, "attr", "")
            keywords = {k.arg: k.value for k in node.keywords}
            severity = keywords.get("severity")
            if name == "Problem" and len(node.args) > 3:
                severity = node.args[3]
            said = "" if severity is None else getattr(severity, "value", "?")
            if name in family and node.args:
                note(node.args[0], node, name, said, strict=True)
            elif "code" in keywords:
                note(keywords["code"], node, name, said, strict=name in family)
            else:
                for at in code_at.get(name, set()):
                    if at < len(node.args):
                        note(node.args[at], node, name, said)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == "code":
                    note(node.value, node, "code =")
                elif isinstance(target, ast.Tuple):
                    for i, item in enumerate(target.elts):
                        if isinstance(item, ast.Name) and item.id == "code":
                            note(node.value, node, "code =", index=i)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = [*node.args.posonlyargs, *node.args.args]
            given = args[len(args) - len(node.args.defaults) :]
            pairs = list(zip(given, node.args.defaults, strict=True))
            kw = zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
            pairs += [(a, d) for a, d in kw if d]
            for arg, default in pairs:
                if arg.arg == "code":
                    note(default, node, f"{node.name}(code=…)")
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "code":
                    note(value, node, '{"code": …}')
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Tuple):
            for item, code in _loop_codes(node, nodes, family):
                note(code, item, "for … code in")


def _loop_codes(
    loop: ast.For, nodes: list[ast.AST], family: set[str]
) -> Iterator[tuple[ast.AST, ast.expr]]:
    """`for role, file, option, code in kept: raise UsageError(code, …)`: the codes are the
    literals at the place of `code` in the tuples of the loop's length that the loop runs
    over, or that the function around it puts into `kept` (assigned, appended, inserted)."""
    assert isinstance(loop.target, ast.Tuple)
    names = [getattr(item, "id", "") for item in loop.target.elts]
    if "code" not in names or not any(
        isinstance(call, ast.Call)
        and getattr(call.func, "id", "") in family
        and call.args
        and getattr(call.args[0], "id", "") == "code"
        for call in ast.walk(loop)
    ):
        return
    around = [
        node
        for node in nodes
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.lineno <= loop.lineno <= (node.end_lineno or 0)
    ]
    sources: list[ast.AST] = [loop.iter]
    if isinstance(loop.iter, ast.Name) and around:
        name = loop.iter.id
        for node in ast.walk(max(around, key=lambda node: node.lineno)):
            if isinstance(node, ast.Assign) and any(
                getattr(target, "id", "") == name for target in node.targets
            ):
                sources.append(node.value)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") == name
            ):
                sources.extend(node.args)
    at = names.index("code")
    for source in sources:
        for item in ast.walk(source):
            if (
                isinstance(item, ast.Tuple)
                and len(item.elts) == len(names)
                and isinstance(item.elts[at], ast.Constant)
            ):
                yield item, item.elts[at]


@pytest.fixture(scope="module")
def found() -> Found:
    return walk()


def _builder(uses: list[Use]) -> str:
    shown = set.intersection(*(use.kinds for use in uses if use.kinds)) if uses else set()
    builder = "usage" if shown == {Kind.USAGE} else "warning" if Kind.WARNING in shown else "error"
    return f'{builder}(\n        "{uses[0].code}",'


def _place(code: str) -> str:
    before = [c.name for c in CODES if c.name < code]
    return f'after "{before[-1]}"' if before else "first"


def test_every_code_the_package_uses_is_in_the_catalogue(found: Found) -> None:
    missing: dict[str, list[Use]] = {}
    for use in found.uses:
        if use.code not in BY_NAME:
            missing.setdefault(use.code, []).append(use)
    said = []
    for code, uses in sorted(missing.items()):
        places = ", ".join(f"{u.file}:{u.line} ({u.how})" for u in uses)
        said.append(
            f'- "{code}", used at {places}. Add to CODES in {CATALOGUE}, {_place(code)}:'
            f'\n    {_builder(uses)}\n        "<what it means, in Vietnamese>",\n'
            '        "<what the user does about it>",\n    ),'
        )
    assert not said, (
        "Codes used in src/dean24 but missing from the catalogue:\n"
        + "\n".join(said)
        + "\nerror(...) stops the run (exit 1), warning(...) goes into the report, usage(...) "
        "is a mistake of the command line or the configuration (exit 2); Code(name, (W, E), "
        "...) for a code of several kinds. Then run `make codes` to rewrite the README's table."
    )


def test_every_catalogued_code_is_used(found: Found) -> None:
    used = {use.code for use in found.uses}
    unused = [code.name for code in CODES if code.name not in used]
    assert not unused, (
        f"Codes in {CATALOGUE} that nothing in src/dean24 uses: {', '.join(unused)}. Remove "
        "their entries, then run `make codes` to rewrite the README's table. (A code built "
        "with an f-string is not read: write it as a literal where it is raised.)"
    )


def test_every_code_argument_can_be_read(found: Found) -> None:
    assert not found.unresolved, (
        "Error codes built at run time, which the catalogue test cannot read:\n"
        + "\n".join(found.unresolved)
        + '\nWrite each code as a literal string (a table of codes, or `code = "a" if … else '
        '"b"`), and catalogue it in ' + CATALOGUE + "."
    )


def test_the_catalogue_names_each_code_once_in_order() -> None:
    names = [code.name for code in CODES]
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
    assert names == sorted(names), (
        "CODES in src/dean24/core/codes.py are kept in alphabetical order"
    )
    for code in CODES:
        assert code.kinds and len(set(code.kinds)) == len(code.kinds), code.name
        assert code.meaning.endswith(".") and code.advice.endswith("."), code.name


def test_the_catalogued_kinds_agree_with_the_uses(found: Found) -> None:
    wrong = sorted(
        f'"{use.code}" at {use.file}:{use.line} is a {" or ".join(sorted(use.kinds))}, the '
        f"catalogue says {', '.join(BY_NAME[use.code].kinds)}"
        for use in found.uses
        if use.code in BY_NAME and use.kinds and not use.kinds & set(BY_NAME[use.code].kinds)
    )
    assert not wrong, f"Fix the kinds in {CATALOGUE}:\n" + "\n".join(wrong)


def test_the_catalogued_exit_codes_are_those_of_the_error_classes(found: Found) -> None:
    from dean24.core.errors import Dean24Error

    for file in found.family_modules:  # each defines classes of the family
        importlib.import_module(file.removeprefix("src/").removesuffix(".py").replace("/", "."))

    classes: dict[str, type[Dean24Error]] = {}
    todo = [Dean24Error]
    while todo:
        cls = todo.pop()
        classes[cls.__name__] = cls
        todo.extend(cls.__subclasses__())
    wrong = sorted(
        f'"{use.code}" at {use.file}:{use.line} exits {classes[use.how].exit_code}'
        for use in found.uses
        if use.how in classes
        and use.code in BY_NAME
        and classes[use.how].exit_code not in BY_NAME[use.code].exit_codes
    )
    assert not wrong, f"Fix the kinds or exits in {CATALOGUE}:\n" + "\n".join(wrong)


def test_the_walk_reads_each_way_a_code_is_written(tmp_path: Path) -> None:
    package = tmp_path / "src" / "pkg"
    package.mkdir(parents=True)
    (package / "a.py").write_text(
        "class Dean24Error(Exception): ...\n"
        "class InputError(Dean24Error): ...\n"
        "LIMIT = 'in_constant'\n"
        "TABLE = {'x': 'in_table'}\n"
        "def refuse(path, code, message): raise InputError(code, message)\n"
        "def pair(): return 'in_pair', 'message'\n"
        "class Finding:\n"
        "    key: str\n"
        "    code: str = 'in_field_default'\n"
        "class Reading:\n"
        "    def fail(self, path, why, code): ...\n"
        "def run(role, kind, items):\n"
        "    Problem('in_problem', 'm', None, 'warning')\n"
        "    InputError('in_class' if kind else 'in_other_branch', 'm')\n"
        "    refuse(None, 'in_helper', 'm')\n"
        "    InputError(LIMIT, 'm')\n"
        "    InputError(TABLE.get(role, 'in_default'), 'm')\n"
        "    code, message = pair()\n"
        "    code = 'in_assignment'\n"
        "    Finding('key', 'in_dataclass')\n"
        "    Reading().fail('path', 'why not', 'in_method')\n"
        "    write({'code': 'in_key'})\n"
        "    kept = [('a', 'in_loop')]\n"
        "    kept.append(('b', 'in_append'))\n"
        "    for name, code in kept: raise InputError(code, name)\n"
        "    for name, code in [('a', 'not_a_code')]: print(code)\n"
        "    parse_code('2024-H1')\n"
        "    InputError(f'{role}_built', 'm')\n"
        "def parse_code(code): ...\n"
    )
    walked = walk(package)
    assert {use.code for use in walked.uses} == {
        "in_constant",
        "in_table",
        "in_problem",
        "in_class",
        "in_other_branch",
        "in_helper",
        "in_default",
        "in_pair",
        "in_assignment",
        "in_key",
        "in_loop",
        "in_append",
        "in_field_default",
        "in_dataclass",
        "in_method",
    }
    assert [u.kinds for u in walked.uses if u.code == "in_problem"] == [{Kind.WARNING}]
    assert walked.unresolved == ["src/pkg/a.py:28: f'{role}_built'"]


def test_the_readme_table_is_the_catalogue() -> None:
    text = README.read_text("utf-8")
    assert text.count(TABLE_START) == 1 and text.count(TABLE_END) == 1
    table = text.split(TABLE_START)[1].split(TABLE_END)[0].strip("\n") + "\n"
    assert table == markdown_table(), (
        "README.md's table of codes differs from src/dean24/core/codes.py: run `make codes` "
        "(python scripts/write_codes_table.py) and commit README.md."
    )


def test_the_table_is_rewritten_by_its_script(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{TABLE_START}\n| old |\n{TABLE_END}\n\nafter\n", "utf-8")
    script = ROOT / "scripts" / "write_codes_table.py"
    subprocess.run([sys.executable, str(script), str(readme)], check=True)
    assert readme.read_text("utf-8") == (
        f"# x\n\n{TABLE_START}\n{markdown_table()}{TABLE_END}\n\nafter\n"
    )


def test_the_schema_lists_the_warning_codes() -> None:
    from dean24.render.contract import report_schema

    schema = report_schema()
    listed = schema["$defs"]["warning_code"]["enum"]
    assert listed == warning_codes()
    assert {"implausible_value", "units_missing", "totals_mismatch"} <= set(listed)
    assert "value_not_number" not in listed
    assert schema["properties"]["warnings"]["items"] == {"$ref": "#/$defs/warning"}
    assert schema["$defs"]["warning"]["properties"]["code"] == {"$ref": "#/$defs/warning_code"}


def test_the_catalogue_is_cheap_to_import() -> None:
    """The command line may read it before anything heavy: the standard library only."""
    tree = ast.parse((PACKAGE / "core" / "codes.py").read_text("utf-8"))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "dataclasses", "enum"}, imported


def test_an_advised_error_ends_with_the_catalogues_advice() -> None:
    from dean24.core.errors import Dean24Error, UsageError

    error = UsageError("history_not_found", "Không có tệp lịch sử h.sqlite.", advised=True)
    assert error.message == (
        "Không có tệp lịch sử h.sqlite. " + BY_NAME["history_not_found"].advice
    )
    assert error.line() == f"Lỗi [history_not_found] {error.message}"
    plain = Dean24Error("history_not_found", "Không có tệp lịch sử h.sqlite.")
    assert plain.message == "Không có tệp lịch sử h.sqlite."
