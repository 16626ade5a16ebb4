"""What a sheet is read against: the configuration's indicator and unit names, the period asked
for, and the problems already said once for the workbook."""

from __future__ import annotations

from dean24.core.errors import Location, Problem
from dean24.core.periods import Period
from dean24.core.text import escaped, label_key, unit_key
from dean24.programme.config import Config, Indicator, Unit
from dean24.programme.unitnames import UnitNames
from dean24.reading.cells import is_note_header, looks_numeric
from dean24.reading.rowkinds import without_bullet


class Context:
    """The configuration's names as a sheet's labels are matched to them, once per text."""

    def __init__(self, config: Config, period: Period | None = None) -> None:
        self.config = config
        self.period = period  # the period asked for, when the sheet names none
        self.indicators = config.indicator_index()
        self.units = UnitNames(config.units)
        self.max_value = config.programme.max_value
        # Known labels long enough to be found inside a longer header, longest first.
        self._contained = sorted(
            ((f" {known} ", ind) for known, ind in self.indicators.items() if len(known) >= 8),
            key=lambda item: -len(item[0]),
        )
        self._matched: dict[str, Indicator | None] = {}
        self.said: set[Location] = set()  # problems already reported once for the sheet

    def match_indicator(self, text: str) -> Indicator | None:
        """The indicator a label names: exact key, else the longest known label it contains
        as whole words. Worked out once per distinct text."""
        if text in self._matched:
            return self._matched[text]
        key = "" if is_note_header(text) else label_key(text)
        found = self.indicators.get(key) if key else None
        if found is None and key:
            padded = f" {key} "
            found = next((ind for known, ind in self._contained if known in padded), None)
        self._matched[text] = found
        return found

    def names(self, text: str) -> Indicator | None:
        """The indicator a cell's text names as a label (never a figure)."""
        return self.match_indicator(text) if text and not looks_numeric(text) else None

    def match_unit(self, text: str) -> Unit | None:
        """A unit the text names in some period (which one is decided with the period)."""
        found = self.units.candidates(text) if text else []
        return found[0] if found else None

    def unit_identity(self, name: str) -> str:
        """A unit's key across tables: the configured unit it names, else its written name."""
        unit = self.match_unit(without_bullet(name))
        return unit.name if unit is not None else unit_key(name)

    def unknown_indicator(self, text: str, where: Location) -> Problem:
        """A label that names no configured indicator, with the indicators it could name."""
        known = "; ".join(i.label for i in self.config.indicators)
        return Problem(
            "unknown_indicator",
            f'Không nhận ra chỉ tiêu "{escaped(text)}". Các chỉ tiêu trong cấu hình: {known}.',
            where,
            advised=True,
        )
