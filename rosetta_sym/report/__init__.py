"""The ladder report: every built-in rung alone, forced and on a connectome.

:func:`build_report` writes ``index.html``, ``ladder.json`` and PNG figures;
``rosetta ladder`` is its command line.
"""

from rosetta_sym.report.builder import SECTIONS, ReportResult, build_report
from rosetta_sym.report.context import ReportOptions, RungContext, SectionSkipped

__all__ = [
    "SECTIONS",
    "ReportOptions",
    "ReportResult",
    "RungContext",
    "SectionSkipped",
    "build_report",
]
