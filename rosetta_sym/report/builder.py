"""Orchestration of ``rosetta ladder``: climb every rung, write JSON and HTML.

Each rung gets five sections: equations, fixed points with the bifurcation
diagram, phase portrait, forced response and network run. A section that does
not apply to a rung records the reason. A section that fails records the error,
and the report goes on with the next one.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import platform
import time
from collections.abc import Callable
from pathlib import Path

from tqdm.auto import tqdm

from rosetta_sym import __version__, ladder
from rosetta_sym.report.context import ReportOptions, RungContext, SectionSkipped
from rosetta_sym.report.prewarm import KernelPrewarmer, compile_plan, default_jobs
from rosetta_sym.report.runs import rung_method
from rosetta_sym.report.serialise import to_jsonable
from rosetta_sym.report.settings import settings_for

__all__ = ["build_report", "SECTIONS", "ReportResult"]

logger = logging.getLogger(__name__)


def _equations(context: RungContext) -> dict:
    from rosetta_sym.report.equations import equations_section

    return equations_section(context.model)


def _bifurcation(context: RungContext) -> dict:
    from rosetta_sym.report.bifurcation import bifurcation_section

    return bifurcation_section(context)


def _portrait(context: RungContext) -> dict:
    from rosetta_sym.report.portraits import portrait_section

    return portrait_section(context)


def _forced(context: RungContext) -> dict:
    from rosetta_sym.report.forced import forced_section

    return forced_section(context)


def _network(context: RungContext) -> dict:
    from rosetta_sym.report.network import network_section

    return network_section(context)


#: Sections of every rung, in report order: (key, title, builder).
SECTIONS: list[tuple[str, str, Callable[[RungContext], dict]]] = [
    ("equations", "Equations", _equations),
    ("bifurcation", "Fixed points and bifurcation diagram", _bifurcation),
    ("portrait", "Phase portrait", _portrait),
    ("forced", "Forced response", _forced),
    ("network", "Network on the connectome", _network),
]


class ReportResult(dict):
    """The report as written to ``ladder.json``, plus the list of failures.

    ``failures`` lists ``"rung/section: message"`` for every section that
    raised an error.
    """

    @property
    def failures(self) -> list[str]:
        """Return one line per failed section."""
        lines = []
        for rung in self["rungs"]:
            for key, section in rung["sections"].items():
                if section.get("status") == "error":
                    lines.append(f"{rung['name']}/{key}: {section['error']}")
        return lines


def build_report(options: ReportOptions) -> ReportResult:
    """Build the ladder report into ``options.out_dir``.

    Writes ``index.html``, ``ladder.json`` and one PNG per figure. Every
    number in the HTML page is read from the same dictionary that goes to
    ``ladder.json``.

    Parameters
    ----------
    options : ReportOptions
        Output folder, connectome, rungs, quick mode and progress display.

    Returns
    -------
    ReportResult
        The content of ``ladder.json``.
    """
    from rosetta_sym.report.connectome import load_report_connectome
    from rosetta_sym.report.html import write_html

    started = time.perf_counter()
    out_dir = Path(options.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rung_names = list(options.rungs) or ladder.names()
    logger.info("ladder report of %s into %s", ", ".join(rung_names), out_dir)

    connectome, connectome_info = load_report_connectome(options.connectome)
    report = ReportResult(
        generator=f"rosetta_sym {__version__}",
        created=datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        python=platform.python_version(),
        options={
            "quick": options.quick,
            "connectome": options.connectome,
            "rungs": rung_names,
            "seed": options.seed,
        },
        connectome=connectome_info,
        sections=[{"key": key, "title": title} for key, title, _ in SECTIONS],
        rungs=[],
    )

    contexts = []
    for name in rung_names:
        model = ladder.get(name)
        contexts.append(
            RungContext(
                model=model,
                settings=settings_for(model, quick=options.quick),
                options=options,
                connectome=connectome,
            )
        )
    jobs = default_jobs() if options.jobs is None else options.jobs
    plan = compile_plan(contexts) if jobs > 0 else []
    rung_bar = tqdm(
        contexts, desc="ladder", unit="rung", disable=not options.progress, leave=True
    )
    with KernelPrewarmer(plan, jobs) as prewarmer:
        for context in rung_bar:
            rung_bar.set_postfix_str(context.name)
            context.kernels_ready = functools.partial(prewarmer.wait, context.name)
            report["rungs"].append(_build_rung(context))
    rung_bar.close()

    report["elapsed_seconds"] = time.perf_counter() - started
    data = to_jsonable(dict(report))
    report.clear()
    report.update(data)
    (out_dir / "ladder.json").write_text(json.dumps(data, indent=1) + "\n")
    write_html(data, out_dir / "index.html")
    logger.info("report written in %.1f s", report["elapsed_seconds"])
    return report


def _build_rung(context: RungContext) -> dict:
    model = context.model
    record = {
        "name": model.name,
        "summary": ladder.RUNGS.get(model.name, ""),
        "hash": model.hash,
        "time_unit": model.time_unit,
        "method": rung_method(context),
        "settings": context.settings,
        "sections": {},
        "timings": {},
    }
    for key, _title, build in SECTIONS:
        started = time.perf_counter()
        try:
            section = {"status": "ok", **build(context)}
        except SectionSkipped as reason:
            logger.info("%s/%s skipped: %s", model.name, key, reason)
            section = {"status": "skipped", "reason": str(reason)}
        except Exception as error:  # one failed section must not stop the report
            logger.exception("%s/%s failed", model.name, key)
            section = {"status": "error", "error": f"{type(error).__name__}: {error}"}
        record["sections"][key] = section
        record["timings"][key] = time.perf_counter() - started
    return record
