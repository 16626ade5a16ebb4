"""Which configured unit a name written in a workbook stands for (marks are part of a name,
a kind word that contradicts is another unit, and the period decides which units exist)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dean24.core.text import bare_unit_key, loose_unit_key, unit_key, unit_kind
from dean24.programme.config import Unit


def kinds_agree(written: str | None, unit: Unit) -> bool:
    """Whether a name's kind word (None: none written) may name the unit: 'Xã Bát Xát' never
    names 'Huyện Bát Xát', nor 'Phường Sa Pa' 'Thị xã Sa Pa'."""
    return written is None or unit.kind is None or written == unit.kind


class UnitNames:
    """Looks names up among the configured units: by identity key (every mark kept), and a
    bare name ('Y Tý') by the units whose name without its kind word ('Xã') is that name.
    A unit whose kind contradicts the kind written ('Huyện ủy Bát Xát' for 'Xã Bát Xát') is
    never a match; given a period, units that report in it come before those that do not.

    Matching without marks is only a suggestion for an error message, never a match.
    """

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = tuple(units)
        self._exact: dict[str, list[Unit]] = {}
        self._bare: dict[str, list[Unit]] = {}
        self._loose: dict[str, list[Unit]] = {}
        for unit in self.units:
            for name in (unit.name, unit.short, *unit.aliases):
                for index, key in (
                    (self._exact, unit_key(name)),
                    (self._bare, bare_unit_key(name)),
                    (self._loose, loose_unit_key(name)),
                ):
                    if unit not in (listed := index.setdefault(key, [])):
                        listed.append(unit)
        self._found: dict[tuple[str, date | None, date | None], list[Unit]] = {}

    def __bool__(self) -> bool:
        return bool(self.units)

    def candidates(
        self, text: str, start: date | None = None, end: date | None = None
    ) -> list[Unit]:
        """The units a name may stand for: one is a match; two or more that report in the
        period (or, without a period, at all) make the name ambiguous; units that do not
        report in the period are given only when no unit that does fits the name."""
        if not text or not self.units:
            return []
        asked = (text, start, end)
        if asked in self._found:
            return self._found[asked]
        written = unit_kind(text)
        fits: list[Unit] = []
        for index, key in ((self._exact, unit_key(text)), (self._bare, bare_unit_key(text))):
            fits.extend(u for u in index.get(key, []) if kinds_agree(written, u) and u not in fits)
        found = fits
        if start is not None and end is not None:
            found = [u for u in fits if u.reports_in(start, end)] or fits
        self._found[asked] = found
        return found

    def find(self, text: str, start: date | None = None, end: date | None = None) -> Unit | None:
        """The unit a name stands for, or None (unknown, or a name two units share)."""
        found = self.candidates(text, start, end)
        return found[0] if len(found) == 1 else None

    def known(self, text: str) -> bool:
        """Whether the name stands for some configured unit, in some period."""
        return bool(self.candidates(text))

    def suggestions(self, text: str) -> list[Unit]:
        """Units whose name differs from text only by its marks ('Tan Thanh' → 'Tân Thành')."""
        return list(self._loose.get(loose_unit_key(text), []))
