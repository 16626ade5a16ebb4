"""JSON output: the contract read by scheduled jobs and other programs."""

from __future__ import annotations

import json

from dean24.model import ReportModel


def render_json(model: ReportModel) -> str:
    return json.dumps(model.as_dict(), ensure_ascii=False, indent=2) + "\n"
