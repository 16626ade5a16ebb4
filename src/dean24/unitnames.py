"""Which configured unit a name written in a workbook stands for (marks are part of a name)."""

from __future__ import annotations

from collections.abc import Sequence

from dean24.config import Unit
from dean24.text import bare_unit_key, loose_unit_key, unit_key


class UnitNames:
    """Looks names up among the configured units: by identity key (every mark kept), else a
    bare name ('Y Tý') by the one unit whose name without its kind word ('Xã') is that name.

    Matching without marks is only a suggestion for an error message, never a match.
    """

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = tuple(units)
        self._exact: dict[str, Unit] = {}
        self._bare: dict[str, list[Unit]] = {}
        self._loose: dict[str, list[Unit]] = {}
        for unit in self.units:
            for name in (unit.name, unit.short, *unit.aliases):
                self._exact.setdefault(unit_key(name), unit)
                for index, key in (
                    (self._bare, bare_unit_key(name)),
                    (self._loose, loose_unit_key(name)),
                ):
                    if unit not in (listed := index.setdefault(key, [])):
                        listed.append(unit)
        self._found: dict[str, Unit | None] = {}

    def __bool__(self) -> bool:
        return bool(self.units)

    def find(self, text: str) -> Unit | None:
        """The unit a name stands for, or None (unknown, or a bare name two units share)."""
        if text in self._found:
            return self._found[text]
        unit = self._exact.get(unit_key(text)) if text else None
        if unit is None and text:
            candidates = self._bare.get(bare_unit_key(text), [])
            unit = candidates[0] if len(candidates) == 1 else None
        self._found[text] = unit
        return unit

    def candidates(self, text: str) -> list[Unit]:
        """The units a bare name could stand for (two or more: the name is ambiguous)."""
        return list(self._bare.get(bare_unit_key(text), []))

    def suggestions(self, text: str) -> list[Unit]:
        """Units whose name differs from text only by its marks ('Tan Thanh' → 'Tân Thành')."""
        return list(self._loose.get(loose_unit_key(text), []))
