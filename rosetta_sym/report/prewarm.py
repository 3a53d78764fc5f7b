"""Compile the report's kernels ahead of use, in worker processes.

Numba compiles a rung's stepper on its first call, which takes a few seconds
per rung and dominates a report built with an empty kernel cache. Worker
processes therefore compile the steppers of the next rungs into the on-disk
cache while the main process analyses and plots the current one. The main
process then loads them instead of compiling them itself. Workers rebuild
each rung from its name, so only names and method strings cross the process
boundary.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from rosetta_sym.report.context import RungContext

__all__ = ["KernelPrewarmer", "compile_plan", "default_jobs"]

logger = logging.getLogger(__name__)


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not available on every platform
        return os.cpu_count() or 1


def compile_plan(contexts: Sequence[RungContext]) -> list[tuple[str, float, str]]:
    """Return (rung name, dt, method) of each rung whose stepper needs compiling.

    Rungs whose stepper numba has already cached are left out, so a report with
    a warm cache starts no worker processes.
    """
    from rosetta_sym.codegen import has_machine_code
    from rosetta_sym.report.runs import rung_method

    plan = []
    for context in contexts:
        method = rung_method(context)
        if not has_machine_code(context.model, f"step_{method}"):
            plan.append((context.name, context.settings.dt, method))
    return plan


#: Event that the main process sets when the report stops early, so that the
#: workers skip the tasks already queued to them.
_STOP = None


def _start_worker(stop) -> None:
    """Set up a worker process: ignore Ctrl-C and keep the stop flag.

    Ctrl-C reaches the whole process group. The main process handles it and
    sets ``stop``, so a worker finishes at most the compile it is running.
    """
    global _STOP
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STOP = stop


def compile_rung(name: str, dt: float, method: str) -> float:
    """Compile the stepper of rung ``name`` by running one step of ``method``.

    One stepper per method serves every network variant, so a single-node run
    compiles the same machine code as the network run. Returns the elapsed
    time in seconds.
    """
    from rosetta_sym import ladder
    from rosetta_sym.simulate import simulate

    if _STOP is not None and _STOP.is_set():
        return 0.0
    started = time.perf_counter()
    simulate(ladder.get(name), dt, dt, method, progress=False)
    return time.perf_counter() - started


class KernelPrewarmer:
    """Compile rungs' steppers in worker processes, in report order.

    Use as a context manager. :meth:`wait` blocks until the worker has finished
    a rung, so the main process never compiles the same stepper at the same
    time. A worker failure is logged and the main process compiles the rung
    itself.

    Parameters
    ----------
    plan : sequence of (str, float, str)
        Rung name, time step and method, in the order the report needs them
        (see :func:`compile_plan`).
    jobs : int
        Number of worker processes; 0 compiles everything in the main
        process, when the report first needs it.
    """

    def __init__(self, plan: Sequence[tuple[str, float, str]], jobs: int) -> None:
        if jobs < 0:
            raise ValueError(f"jobs must be 0 or more, got {jobs}")
        self.plan = list(plan)
        self.jobs = min(jobs, len(self.plan))
        self._executor: ProcessPoolExecutor | None = None
        self._stop = None
        self._futures: dict[str, Future] = {}

    def __enter__(self) -> KernelPrewarmer:
        if self.jobs == 0:
            return self
        # Spawned workers start from a clean interpreter: no inherited locks,
        # threads or numba state from the main process.
        context = multiprocessing.get_context("spawn")
        self._stop = context.Event()
        self._executor = ProcessPoolExecutor(
            self.jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self._stop,),
        )
        for name, dt, method in self.plan:
            self._futures[name] = self._executor.submit(compile_rung, name, dt, method)
        logger.info(
            "compiling the kernels of %d rung(s) ahead in %d worker process(es)",
            len(self.plan),
            self.jobs,
        )
        return self

    def wait(self, name: str) -> None:
        """Block until the worker has compiled rung ``name`` (no-op if not planned)."""
        future = self._futures.pop(name, None)
        if future is None:
            return
        started = time.perf_counter()
        try:
            elapsed = future.result()
        except Exception as error:  # the main process compiles it instead
            logger.warning(
                "compiling %s in a worker process failed (%s: %s); compiling it "
                "in the main process",
                name,
                type(error).__name__,
                error,
            )
            return
        logger.info(
            "kernels of %s compiled ahead in %.1f s (waited %.1f s)",
            name,
            elapsed,
            time.perf_counter() - started,
        )

    def __exit__(self, exc_type, exc, traceback) -> None:
        if self._executor is not None:
            if exc_type is not None:
                self._stop.set()
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._futures.clear()
