"""Running a sweep: plan chunks, skip stored ones, dispatch the rest, assemble.

:func:`run_sweep` is the entry point of the API and of ``rosetta sweep``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from rosetta_sym.model import Model
from rosetta_sym.sweep.chunks import ChunkResult, default_chunk_size, make_chunks
from rosetta_sym.sweep.context import SimulationSettings, SweepContext
from rosetta_sym.sweep.executors import DaskExecutor, ThreadExecutor, dask_available
from rosetta_sym.sweep.grid import Grid, GridAxis, parse_grid
from rosetta_sym.sweep.measures import Measure, resolve_measures
from rosetta_sym.sweep.plan import describe_sweep, prepare_network, sample_interval_for
from rosetta_sym.sweep.results import assemble_dataset, import_xarray, save_netcdf
from rosetta_sym.sweep.store import ChunkStore, parts_dir_for, sweep_key

__all__ = ["BACKENDS", "run_sweep"]

logger = logging.getLogger(__name__)

#: Execution backends: ``auto`` uses a local Dask cluster when dask is
#: installed (or the scheduler when one is given), else local threads.
BACKENDS = ("auto", "threads", "dask")

ChunkCallback = Callable[[ChunkResult, int, int], None]


def run_sweep(
    model: Model,
    grid: Grid | Iterable[str | GridAxis] | Mapping[str, Sequence[float]],
    *,
    duration: float,
    dt: float,
    connectome=None,
    method: str = "rk4",
    seed: int = 0,
    coupling: float = 0.0,
    velocity: float | None = None,
    noise: float | Mapping[str, float] = 0.0,
    normalisation: str = "none",
    transient: float | None = None,
    sample_interval: float | None = None,
    observable: str | None = None,
    measures: Iterable[str | Measure] | None = None,
    out: str | Path | None = None,
    fresh: bool = False,
    keep_parts: bool = False,
    backend: str = "auto",
    scheduler: str | None = None,
    client=None,
    workers: int | None = None,
    chunk_size: int | None = None,
    retries: int = 3,
    on_chunk: ChunkCallback | None = None,
    simulator: Callable | None = None,
    progress: bool = False,
):
    """Simulate every point of a grid and return its measures as a Dataset.

    Parameters
    ----------
    model : Model
    grid : Grid, iterable of axis specifications, or mapping of name to values
        Axes over model parameters, ``G`` (global coupling) and ``velocity``
        (conduction velocity, m/s), e.g. ``["G=0:0.3:16", "velocity=2:10:5"]``.
    duration, dt : float
        Simulated time per point and step, in model time units.
    connectome : str, ndarray or Connectome, optional
        Network (``tvb:76``, ``synthetic:8``, a file, an array); ``None`` for a
        single node.
    method : str
        Stepper (``euler``, ``heun``, ``rk4``, ``euler-maruyama``,
        ``stochastic-heun``).
    seed : int
        Base seed; each point's seed depends on it and the point's flat index.
    coupling, velocity : float
        ``G`` and conduction velocity when they are not grid axes; velocity
        ``None`` means no delays.
    noise : float or mapping of str to float
        Additive noise amplitude on every state, or per state name (needs a
        stochastic method such as ``euler-maruyama``).
    normalisation : str
        Connectome normalisation (``none``, ``max_eigenvalue``, ``row_sum``).
    transient : float, optional
        Time left out of the measures; default a quarter of ``duration``.
    sample_interval : float, optional
        Time between recorded samples; default 1 ms for models in s or ms,
        else ``dt`` times the step count giving at most 4000 samples.
    observable : str, optional
        Output or state the measures see; default the model's first output.
    measures : iterable of str or Measure, optional
        Default: every built-in measure the model and network allow, except
        the ``fc`` matrix.
    out : path, optional
        NetCDF result file. Chunks go to ``<out>.parts/`` as they finish, so
        running the same sweep again resumes it. Without ``out`` nothing is
        stored.
    fresh : bool
        Discard stored chunks of an earlier run instead of resuming.
    keep_parts : bool
        Keep ``<out>.parts/`` after writing the result file.
    backend : {"auto", "threads", "dask"}
    scheduler : str, optional
        Address of a running Dask scheduler (implies ``backend="dask"``).
    client : distributed.Client, optional
        An existing client to submit to (left open afterwards).
    workers : int, optional
        Worker processes of a local Dask cluster, or threads; default the
        number of cores for Dask and 1 thread otherwise.
    chunk_size : int, optional
        Points per chunk task; default about four chunks per worker. A resumed
        sweep keeps the chunk size it was started with.
    retries : int
        Dask retries of a failed chunk task.
    on_chunk : callable, optional
        ``on_chunk(result, n_finished, n_chunks)`` after each chunk is stored;
        an exception raised here stops the sweep (stored chunks are kept).
    simulator : callable, optional
        Replacement for the batched simulation (tests only).
    progress : bool
        Show a tqdm progress bar over chunks.

    Returns
    -------
    xarray.Dataset
        One dimension per grid axis, one variable per measure, the string
        variable ``failure``, and attributes describing the sweep.
    """
    import_xarray()
    if backend not in BACKENDS:
        raise ValueError(f"backend {backend!r} is not one of {', '.join(BACKENDS)}")
    if not isinstance(grid, Grid):
        grid = parse_grid(grid)
    network = prepare_network(connectome, normalisation)
    grid.validate(
        model,
        has_connectome=network.weights is not None,
        has_lengths=network.tract_lengths is not None,
    )
    if velocity is not None and network.tract_lengths is None:
        raise ValueError(
            "a conduction velocity needs a connectome with tract lengths, such as "
            "--connectome tvb:76"
        )
    resolved = resolve_measures(
        measures, time_unit=model.time_unit, has_network=network.weights is not None
    )
    settings = SimulationSettings(
        duration=float(duration),
        dt=float(dt),
        method=method,
        transient=duration / 4.0 if transient is None else float(transient),
        sample_interval=(
            sample_interval_for(model, duration, dt)
            if sample_interval is None
            else float(sample_interval)
        ),
        coupling=float(coupling),
        velocity=None if velocity is None else float(velocity),
        noise=(
            {str(k): float(v) for k, v in sorted(noise.items())}
            if isinstance(noise, Mapping)
            else float(noise)
        ),
        normalisation=normalisation,
        observable=observable or next(iter(model.outputs)),
    )
    if (
        settings.observable not in model.outputs
        and settings.observable not in model.state_names
    ):
        raise ValueError(
            f"observable {settings.observable!r} is neither an output nor a state of "
            f"model {model.name!r} (outputs: {', '.join(model.outputs)})"
        )
    from rosetta_sym.io import dumps_model

    context = SweepContext(
        model_text=dumps_model(model),
        model_hash=model.hash,
        grid=grid,
        settings=settings,
        seed=int(seed),
        measures=resolved,
        weights=network.weights,
        tract_lengths=network.tract_lengths,
        connectome_name=network.name,
        simulator=simulator,
    )
    description = describe_sweep(model, context)
    key = sweep_key(description)
    attrs = {**description, "sweep_key": key}
    return _execute(
        context,
        key,
        attrs,
        out=out,
        fresh=fresh,
        keep_parts=keep_parts,
        backend=backend,
        scheduler=scheduler,
        client=client,
        workers=workers,
        chunk_size=chunk_size,
        retries=retries,
        on_chunk=on_chunk,
        progress=progress,
    )


def _open_executor(backend, scheduler, client, workers, retries):
    if client is not None:
        return DaskExecutor(client, retries, owns_client=False)
    if scheduler is not None:
        return DaskExecutor.connect(scheduler, retries)
    if backend == "dask" or (backend == "auto" and dask_available()):
        return DaskExecutor.local(workers, retries)
    return ThreadExecutor(workers or 1)


def _completed_result(out: Path | None, key: str, fresh: bool):
    """Return the stored result file of this sweep, if it is complete already."""
    if out is None or fresh or not out.exists() or parts_dir_for(out).exists():
        return None
    xarray = import_xarray()
    with xarray.open_dataset(out, engine="h5netcdf") as stored:
        if stored.attrs.get("sweep_key") != key:
            return None
        logger.info("%s already contains this sweep's result; loading it", out)
        return stored.load()


def _execute(
    context,
    key,
    attrs,
    *,
    out,
    fresh,
    keep_parts,
    backend,
    scheduler,
    client,
    workers,
    chunk_size,
    retries,
    on_chunk,
    progress,
):
    out = None if out is None else Path(out)
    finished = _completed_result(out, key, fresh)
    if finished is not None:
        return finished
    executor = None
    store = None
    try:
        if chunk_size is None:
            executor = _open_executor(backend, scheduler, client, workers, retries)
            chunk_size = default_chunk_size(context.grid.n_points, executor.n_workers)
        if out is not None:
            store = ChunkStore(
                parts_dir_for(out),
                key,
                attrs,
                context.grid.n_points,
                chunk_size=chunk_size,
                fresh=fresh,
            )
            chunk_size = store.chunk_size
        chunks = make_chunks(context.grid.n_points, chunk_size)
        results: dict[int, ChunkResult] = {}
        if store is not None:
            for index in sorted(store.finished()):
                stored = store.read(index)
                if stored is not None:
                    results[index] = stored
        todo = [chunk for chunk in chunks if chunk.index not in results]
        logger.info(
            "sweep %s: %d points in %d chunks of %d, %d stored, %d to compute",
            key[:12],
            context.grid.n_points,
            len(chunks),
            chunk_size,
            len(results),
            len(todo),
        )
        if todo:
            if executor is None:
                executor = _open_executor(backend, scheduler, client, workers, retries)
            _dispatch(
                context, todo, executor, store, results, len(chunks), on_chunk, progress
            )
    finally:
        if executor is not None:
            executor.close()
    dataset = assemble_dataset(
        context.grid,
        context.measures,
        [results[index] for index in sorted(results)],
        context.n_nodes,
        attrs,
    )
    if out is not None:
        save_netcdf(dataset, out)
        if not keep_parts:
            store.remove()
    return dataset


def _dispatch(context, todo, executor, store, results, n_chunks, on_chunk, progress):
    from tqdm.auto import tqdm

    if context.simulator is None:
        from rosetta_sym.sweep.simulation import warm_up

        warm_up(context)
    if isinstance(executor, DaskExecutor):
        # Each worker thread runs one task at a time, so one numba thread per
        # task keeps the cores busy without oversubscribing them.
        # NOTE: a worker process alone on a many-core machine with --nthreads 1
        # then uses one core; start one worker process per core instead.
        context = _with_threads(context, 1)
    elif executor.n_workers > 1:
        context = _with_threads(
            context, max((os.cpu_count() or 1) // executor.n_workers, 1)
        )
    bar = tqdm(total=len(todo), unit="chunk", disable=not progress, desc="sweep")
    failed_points = 0
    try:
        for result in executor.run(context, todo):
            if store is not None:
                store.write(result)
            results[result.chunk.index] = result
            failed_points += sum(1 for reason in result.reasons if reason)
            bar.update(1)
            if on_chunk is not None:
                on_chunk(result, len(results), n_chunks)
    finally:
        bar.close()
    if failed_points:
        logger.warning(
            "%d grid points failed; see the 'failure' variable", failed_points
        )


def _with_threads(context: SweepContext, threads: int) -> SweepContext:
    from dataclasses import replace

    return replace(context, numba_threads=threads)
