"""The programme's own rules (`[[rules]]`): relations between indicators that every unit's
figures, and the province's totals, must keep; each breach with its cells."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

from dean24.core.errors import Location, Problem
from dean24.core.model import Figure, UnitFigures
from dean24.core.text import format_int
from dean24.programme.config import Config, Rule

_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
}
_SAID = {
    "<": "nhỏ hơn",
    "<=": "không lớn hơn",
    "==": "bằng",
    "!=": "khác",
    ">=": "không nhỏ hơn",
    ">": "lớn hơn",
}
_KIND = {"period": "trong kỳ", "cumulative": "lũy kế"}


def check_rules(units: Sequence[UnitFigures], config: Config) -> list[Problem]:
    """A problem (of the rule's importance) for every unit whose figures break a rule, and for
    the province's totals when they break one that no unit breaks on its own."""
    found: list[Problem] = []
    for rule in config.rules:
        side = 0 if rule.value == "period" else 1
        breaches = 0
        for unit in units:
            figures = {code: pair[side] for code, pair in unit.values.items()}
            problem = _judge(rule, config, figures, unit.name)
            if problem is not None:
                found.append(problem)
                breaches += 1
        if breaches or len(units) < 2:
            continue
        totals: dict[str, Figure] = {}
        for unit in units:
            for code, pair in unit.values.items():
                before = totals.get(code, Figure(0, Location()))
                totals[code] = Figure(before.value + pair[side].value, Location())
        problem = _judge(rule, config, totals, "Tổng các đơn vị")
        if problem is not None:
            found.append(problem)
    return found


def _judge(rule: Rule, config: Config, figures: dict[str, Figure], whose: str) -> Problem | None:
    """The breach of `rule` by these figures (indicator → figure), or None."""
    if rule.left not in figures or (isinstance(rule.right, str) and rule.right not in figures):
        return None
    if rule.when is not None and (rule.when not in figures or figures[rule.when].value <= 0):
        return None
    left = figures[rule.left]
    right_value = figures[rule.right].value if isinstance(rule.right, str) else rule.right
    if _COMPARE[rule.operator](left.value, right_value + rule.margin):
        return None
    kind = _KIND[rule.value]
    said = f'"{config.indicator(rule.left).label}" {kind} là {format_int(left.value)}'
    said += _cell(left)
    if isinstance(rule.right, str):
        right = figures[rule.right]
        right_label = config.indicator(rule.right).label
        said += f', "{right_label}" {kind} là {format_int(right.value)}{_cell(right)}'
        wanted = f'"{config.indicator(rule.left).label}" {_SAID[rule.operator]} "{right_label}"'
    else:
        wanted = f'"{config.indicator(rule.left).label}" {_SAID[rule.operator]} '
        wanted += format_int(rule.right)
    if rule.margin:
        wanted += f" cộng {format_int(rule.margin)}"
    if rule.when is not None:
        wanted += f' khi "{config.indicator(rule.when).label}" {kind} lớn hơn 0'
    return Problem(
        "rule_breach",
        f"{whose}: {said}; quy tắc của chương trình: {wanted}. {rule.instruction}",
        left.location,
        severity=rule.importance,
        subject=(whose, rule.left, left.value) if left.location.cell else None,
    )


def _cell(figure: Figure) -> str:
    return f" (ô {figure.location.cell})" if figure.location.cell else ""
