"""Compiling the report's steppers ahead of use, in worker processes."""

from __future__ import annotations

import logging

import pytest

from rosetta_sym import ladder
from rosetta_sym.cli.main import main as rosetta_main
from rosetta_sym.codegen import has_machine_code, load_kernels
from rosetta_sym.report.context import ReportOptions, RungContext
from rosetta_sym.report.prewarm import KernelPrewarmer, compile_plan
from rosetta_sym.report.runs import rung_method
from rosetta_sym.report.settings import settings_for
from rosetta_sym.simulate import simulate


def _context(name: str, tmp_path) -> RungContext:
    model = ladder.get(name)
    return RungContext(
        model=model,
        settings=settings_for(model, quick=True),
        options=ReportOptions(out_dir=tmp_path),
    )


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """A kernel cache of this test alone; spawned workers inherit it."""
    directory = tmp_path / "kernels"
    monkeypatch.setenv("ROSETTA_SYM_CACHE_DIR", str(directory))
    return directory


def test_one_method_per_rung_follows_network_noise(tmp_path):
    assert rung_method(_context("jansen_rit", tmp_path)) == "rk4"
    assert rung_method(_context("stuart_landau", tmp_path)) == "stochastic_heun"


def test_worker_fills_the_cache_the_main_process_loads(empty_cache, tmp_path):
    name = "harmonic_oscillator"
    model = ladder.get(name)
    context = _context(name, tmp_path)
    method = rung_method(context)
    plan = compile_plan([context])
    assert plan == [(name, context.settings.dt, method)]

    with KernelPrewarmer(plan, jobs=1) as prewarmer:
        prewarmer.wait(name)
    assert has_machine_code(model, f"step_{method}")
    assert compile_plan([context]) == []

    # The main process loads the worker's machine code instead of compiling,
    # for a single node and for a delayed network alike.
    stepper = getattr(load_kernels(model), f"step_{method}")
    simulate(model, 0.05, 0.01, method, progress=False)
    simulate(
        model,
        0.05,
        0.01,
        method,
        connectome="synthetic:4",
        velocity=5.0,
        progress=False,
    )
    assert sum(stepper.stats.cache_misses.values()) == 0
    assert sum(stepper.stats.cache_hits.values()) == 1


def test_failed_worker_logs_warning(empty_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="rosetta_sym.report.prewarm"):
        with KernelPrewarmer([("no_such_rung", 0.01, "rk4")], jobs=1) as prewarmer:
            prewarmer.wait("no_such_rung")
    assert "compiling no_such_rung in a worker process failed" in caplog.text


def test_stopped_report_skips_queued_rungs(empty_cache):
    names = ["kuramoto", "harmonic_oscillator", "damped_oscillator"]
    plan = [(name, 0.01, "rk4") for name in names]

    # The main process fails before the worker has started: every task queued
    # to the worker must then return without compiling.
    with pytest.raises(RuntimeError):
        with KernelPrewarmer(plan, jobs=1):
            raise RuntimeError("report failed")

    for name in names:
        assert not has_machine_code(ladder.get(name), "step_rk4")


def test_no_workers_without_jobs(empty_cache):
    with KernelPrewarmer([("kuramoto", 0.01, "rk4")], jobs=0) as prewarmer:
        assert prewarmer.jobs == 0
        prewarmer.wait("kuramoto")
    assert not has_machine_code(ladder.get("kuramoto"), "step_rk4")


def test_negative_jobs_is_a_usage_error(tmp_path, capsys):
    status = rosetta_main(["ladder", "--quick", "--jobs", "-1", "--out", str(tmp_path)])
    assert status == 2
    assert "--jobs -1" in capsys.readouterr().err
