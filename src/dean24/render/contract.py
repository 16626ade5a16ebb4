"""The JSON contract as a JSON Schema (Draft 2020-12): what `-o report.json` holds.

The schema names every key the report writes and the types of their values; objects stay open
(`additionalProperties` is not false), so a consumer written against this version keeps working
when later versions add keys. `schema_version` in the report says which contract it follows.
"""

from __future__ import annotations

from typing import Any

from dean24.core.codes import warning_codes
from dean24.core.model import SCHEMA_VERSION
from dean24.core.vocabulary import Horizon, Status, TargetKind

STATUSES = [s.value for s in Status]
HORIZONS = [h.value for h in Horizon]
TARGET_KINDS = [k.value for k in TargetKind]

_INT = {"type": "integer", "minimum": 0}
_STR = {"type": "string"}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PERIOD_CODE = {"type": "string", "pattern": r"^\d{4}(-(H[12]|Q[1-4]))?$"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


_WHERE = _object({"file": _STR, "sheet": _STR, "cell": _STR}, ["file", "sheet", "cell"])
_SOURCE = _object({"file": _STR, "sheet": _STR}, ["file", "sheet"])
_CELL = {"anyOf": [_STR, {"$ref": "#/$defs/where"}]}
# Earlier periods summed into a year whose figures lack some units (those that sent nothing).
_INCOMPLETE = {
    "type": "array",
    "items": _object(
        {
            "period": _PERIOD_CODE,
            "reported": _INT,
            "expected": _INT,
            "missing": {"type": "array", "items": _STR},
        },
        ["period", "reported", "expected", "missing"],
    ),
}

DEFS: dict[str, Any] = {
    "where": _WHERE,
    # The codes a warning of this version can carry (src/dean24/core/codes.py; the README's table
    # says what each means): a version that adds one raises the minor number.
    "warning_code": {"enum": warning_codes()},
    "warning": _object(
        {
            "code": {"$ref": "#/$defs/warning_code"},
            "message": _STR,
            "file": _STR,
            "sheet": _STR,
            "cell": _STR,
        },
        ["code", "message"],
    ),
    "acknowledged": _object(
        {
            "code": {"$ref": "#/$defs/warning_code"},
            "message": _STR,
            "file": _STR,
            "sheet": _STR,
            "cell": _STR,
            "unit": _STR,
            "indicator": _STR,
            "value": _INT,
            "reason": _STR,
            "acknowledged_at": _STR,
        },
        ["code", "message", "unit", "indicator", "value", "reason", "acknowledged_at"],
    ),
    "period": _object(
        {"code": _PERIOD_CODE, "label": _STR, "start": _DATE, "end": _DATE},
        ["code", "label", "start", "end"],
    ),
    "comparison": _object(
        {"period": _PERIOD_CODE, "period_value": _INT, "cumulative_value": _INT},
        ["period", "period_value", "cumulative_value"],
    ),
    "target": _object(
        {
            "kind": {"enum": TARGET_KINDS},
            "statement": _STR,
            "min": _nullable(_INT),
            "max": _nullable(_INT),
            "annual": _nullable(_INT),
            "for_period": _nullable({"type": "number"}),
        },
        ["kind"],
    ),
    "indicator": _object(
        {
            "code": _STR,
            "label": _STR,
            "unit": _STR,
            "period_value": _INT,
            "cumulative_value": _INT,
            "status": {"enum": STATUSES},
            "target": _nullable({"$ref": "#/$defs/target"}),
            "percent_of_target": _nullable({"type": "number"}),
            "rate_of_base_percent": {"type": "number"},
            "units_without_result": {"type": "array", "items": _STR},
            "horizon": {"enum": HORIZONS},
            "final": {"type": "boolean"},
            "at_least": {"const": True},
            "still_needed": _nullable(
                _object(
                    {"value": _INT, "by": _DATE, "horizon": {"enum": ["year", "phase"]}},
                    ["value", "by", "horizon"],
                )
            ),
            "year_to_date": _object(
                {
                    "value": _INT,
                    "target": _INT,
                    "annual": _INT,
                    "months": {"type": "integer", "minimum": 1, "maximum": 12},
                    "periods": {"type": "array", "items": _PERIOD_CODE},
                    "from_file": {"type": "boolean"},
                    "incomplete": _INCOMPLETE,
                },
                ["value", "target", "annual", "months", "periods"],
            ),
            "phase_years": {
                "type": "array",
                "items": _object(
                    {
                        "year": {"type": "integer"},
                        "value": _nullable(_INT),
                        "target": _INT,
                        "met": _nullable({"type": "boolean"}),
                        "status": _nullable({"enum": ["exceeded", "met", "not_met", "not_judged"]}),
                        "incomplete": _INCOMPLETE,
                    },
                    ["year", "value", "target", "met"],
                ),
            },
            "closing": _object(
                {"period": _PERIOD_CODE, "value": _INT, "status": {"enum": STATUSES}},
                ["period", "value", "status"],
            ),
            "previous": {"$ref": "#/$defs/comparison"},
            "year_before": {"$ref": "#/$defs/comparison"},
        },
        [
            "code",
            "label",
            "unit",
            "period_value",
            "cumulative_value",
            "status",
            "target",
            "percent_of_target",
            "units_without_result",
        ],
    ),
    "unit_value": _object(
        {
            "period": _INT,
            "cumulative": _INT,
            "cumulative_derived": {"type": "boolean"},
            "source": _SOURCE,
            "cells": _object({"period": _CELL, "cumulative": _CELL}),
        },
        ["period", "cumulative"],
    ),
    "unit": _object(
        {
            "name": _STR,
            "reported": {"type": "boolean"},
            "source": _SOURCE,
            "values": {"type": "object", "additionalProperties": {"$ref": "#/$defs/unit_value"}},
            "carried_from": _PERIOD_CODE,
            "targets": {
                "type": "object",
                "additionalProperties": _object(
                    {"value": _INT, "cell": _STR, "file": _STR, "sheet": _STR},
                    ["value", "cell"],
                ),
            },
        },
        ["name", "reported", "values"],
    ),
}


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report, as a dictionary ready for json.dumps."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://dean24.invalid/schema/report-{SCHEMA_VERSION}.json",
        "title": "dean24: báo cáo tiến độ Đề án (JSON)",
        "description": "The figures of one report: the period, each indicator judged against its "
        "target, each unit's figures with the cells they were read from, the warnings. Keys may "
        "be added in later versions; none listed here is removed or changes meaning.",
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "period": {"$ref": "#/$defs/period"},
            "elapsed_share_percent": {"type": "number", "minimum": 0, "maximum": 100},
            "indicators": {"type": "array", "items": {"$ref": "#/$defs/indicator"}},
            "units": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
            "missing_units": {"type": "array", "items": _STR},
            "coverage": {
                "type": "object",
                "description": "On how many units the province's figures and verdicts rest: "
                "units that reported, units expected, units whose last cumulative figures were "
                "carried from an earlier report.",
                "properties": {
                    "reported": {"type": "integer", "minimum": 0},
                    "expected": {"type": "integer", "minimum": 0},
                    "carried": {"type": "integer", "minimum": 0},
                },
                "required": ["reported", "expected", "carried"],
            },
            "warnings": {"type": "array", "items": {"$ref": "#/$defs/warning"}},
            "late": {
                "type": "array",
                "items": _object(
                    {
                        "unit": _STR,
                        "last_report": _PERIOD_CODE,
                        "months": {
                            "type": "array",
                            "items": _object(
                                {"year": _INT, "from": _INT, "to": _INT}, ["year", "from", "to"]
                            ),
                        },
                        "values": {"type": "object", "additionalProperties": _INT},
                    },
                    ["unit", "last_report", "months", "values"],
                ),
            },
            "sources": {"type": "array", "items": _STR},
            "units_with_open_problems": _INT,
            "open_problem_units": {"type": "array", "items": _STR},
            "acknowledged": {"type": "array", "items": {"$ref": "#/$defs/acknowledged"}},
        },
        "required": [
            "schema_version",
            "period",
            "elapsed_share_percent",
            "indicators",
            "units",
            "missing_units",
            "coverage",
            "warnings",
            "sources",
        ],
        "$defs": DEFS,
    }
