"""Run the command line as `python -m dean24`."""

from __future__ import annotations

from dean24.commands.cli import main

main()
