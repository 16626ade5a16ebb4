"""The report's vocabulary as enumerations: a target's status and the horizon it is judged
over. Each value is the string the JSON model has always carried, so a member compares equal to
its string (in templates too) and is written to JSON as that string."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How a target stands this period (the words for each are in templates/bang.j2)."""

    EXCEEDED = "exceeded"
    MET = "met"
    ON_TRACK = "on_track"  # a whole-programme target ahead of the time gone
    BEHIND = "behind"
    NOT_MET = "not_met"  # final: at the phase's end, or a per-year target at the year's end
    NOT_JUDGED = "not_judged"  # a per-year target the period alone cannot settle
    CLOSED = "closed"  # after the phase
    NO_TARGET = "no_target"

    @property
    def good(self) -> bool:
        """Good news within its horizon."""
        return self in GOOD

    @property
    def short(self) -> bool:
        """The target is not reached within its horizon (a shortcoming to report)."""
        return self in SHORT

    @property
    def rank(self) -> int:
        """Best first: the order in which the overview names the groups of indicators."""
        return list(Status).index(self)


GOOD = frozenset({Status.EXCEEDED, Status.MET, Status.ON_TRACK})
SHORT = frozenset({Status.BEHIND, Status.NOT_MET})


class Horizon(StrEnum):
    """What a target was judged over."""

    PERIOD = "period"  # the period alone
    YEAR_TO_DATE = "year_to_date"
    YEAR = "year"
    PHASE = "phase"


class TargetKind(StrEnum):
    """How a target is set: over the whole programme, a count each year, a share of a base each
    year."""

    PROGRAMME = "programme"
    ANNUAL_COUNT = "annual_count"
    ANNUAL_PERCENT = "annual_percent"

    @property
    def annual(self) -> bool:
        return self is not TargetKind.PROGRAMME
