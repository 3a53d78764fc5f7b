"""Benchmark of parameter sweeps: Jansen-Rit on tvb:76 with conduction delays.

A grid over global coupling G and conduction velocity, each point 2 s of
Jansen-Rit on the 76-region TVB connectome (rows normalised to sum 1), RK4 at
dt = 0.1 ms. Three timings of the same chunks:

- bare kernel: ``simulate_batch`` on each chunk in this process, nothing else;
- one process: ``run_sweep`` on local threads (kernel, measures, chunk store);
- Dask: ``run_sweep`` on a LocalCluster of worker processes, one thread each.

Kernel compilation and the start of the cluster are timed apart. The Dask
overhead is ``(t_dask - t_bare) / t_bare`` with the bare kernel using every
core through numba's parallel loop over sets.

Usage::

    python benchmarks/bench_sweep.py            # 32 x 32 grid (long)
    python benchmarks/bench_sweep.py --small    # 6 x 6 grid, 0.5 s per point
    python benchmarks/bench_sweep.py --grid-size 8 --json result.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from rosetta_sym import ladder
from rosetta_sym.simulate import simulate_batch
from rosetta_sym.sweep import make_chunks, parse_grid, run_sweep
from rosetta_sym.sweep.plan import prepare_network

COUPLING_RANGE = (0.0, 50.0)  # G, with rows of the weights summing to 1
VELOCITY_RANGE = (1.0, 20.0)  # m/s
NORMALISATION = "row_sum"
MEASURES = [
    "peak_frequency",
    "power_alpha",
    "kuramoto_mean",
    "kuramoto_std",
    "fc_sc_correlation",
    "fixed_point",
]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--small", action="store_true", help="6 x 6 grid, 0.5 s per point"
    )
    parser.add_argument("--grid-size", type=int, help="points per axis (default 32)")
    parser.add_argument("--duration", type=float, help="seconds per point (default 2)")
    parser.add_argument(
        "--dt", type=float, default=1e-4, help="step in s (default 1e-4)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="Dask workers (default 2)"
    )
    parser.add_argument("--chunk-size", type=int, help="points per chunk (default: 8)")
    parser.add_argument("--connectome", default="tvb:76", help="default tvb:76")
    parser.add_argument("--json", help="write the numbers to this JSON file")
    arguments = parser.parse_args()
    size = arguments.grid_size or (6 if arguments.small else 32)
    duration = arguments.duration or (0.5 if arguments.small else 2.0)
    arguments.grid_size, arguments.duration = size, duration
    arguments.chunk_size = arguments.chunk_size or 8
    return arguments


def grid_specs(size: int) -> list[str]:
    return [
        f"G={COUPLING_RANGE[0]}:{COUPLING_RANGE[1]}:{size}",
        f"velocity={VELOCITY_RANGE[0]}:{VELOCITY_RANGE[1]}:{size}",
    ]


def time_bare_kernel(model, arguments, network) -> tuple[float, float]:
    """Run simulate_batch on every chunk; return wall and CPU seconds."""
    from rosetta_sym.simulate import Connectome

    grid = parse_grid(grid_specs(arguments.grid_size))
    connectome = Connectome(network.weights, tract_lengths=network.tract_lengths)
    started = time.perf_counter()
    cpu_started = time.process_time()
    for chunk in make_chunks(grid.n_points, arguments.chunk_size):
        values = grid.point_values(chunk.indices)
        simulate_batch(
            model,
            arguments.duration,
            arguments.dt,
            "rk4",
            parameter_sets=np.tile(model.parameter_vector, (chunk.size, 1)),
            coupling=values["G"],
            velocity=values["velocity"],
            connectome=connectome,
            seed=0,
            first_index=chunk.start,
            record="v_pyr",
            record_every=10,
            progress=False,
        )
    return time.perf_counter() - started, time.process_time() - cpu_started


def worker_cpu_seconds(client) -> float:
    """Return the CPU seconds used so far by every worker process."""
    return sum(client.run(time.process_time).values())


def sweep(model, arguments, grid, out, **options) -> tuple[float, float]:
    """Run one sweep; return wall seconds and CPU seconds of this process."""
    options.setdefault("chunk_size", arguments.chunk_size)
    started = time.perf_counter()
    cpu_started = time.process_time()
    run_sweep(
        model,
        grid,
        duration=arguments.duration,
        dt=arguments.dt,
        connectome=arguments.connectome,
        normalisation=NORMALISATION,
        measures=MEASURES,
        out=out,
        fresh=True,
        **options,
    )
    return time.perf_counter() - started, time.process_time() - cpu_started


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    arguments = parse_arguments()
    model = ladder.get("jansen_rit")
    network = prepare_network(arguments.connectome, NORMALISATION)
    grid = grid_specs(arguments.grid_size)
    n_points = arguments.grid_size**2
    folder = Path(tempfile.mkdtemp(prefix="bench-sweep-"))

    started = time.perf_counter()
    sweep(
        model, arguments, ["G=0.1", "velocity=5"], folder / "warm.nc", backend="threads"
    )
    compile_seconds = time.perf_counter() - started

    bare, bare_cpu = time_bare_kernel(model, arguments, network)
    one_process, one_process_cpu = sweep(
        model, arguments, grid, folder / "threads.nc", backend="threads"
    )

    import distributed

    started = time.perf_counter()
    cluster = distributed.LocalCluster(
        n_workers=arguments.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.WARNING,
    )
    client = distributed.Client(cluster)
    cluster_seconds = time.perf_counter() - started
    started = time.perf_counter()
    warm_grid = [f"G=0.1:0.2:{arguments.workers}", "velocity=5"]
    sweep(
        model,
        arguments,
        warm_grid,
        folder / "warm-dask.nc",
        client=client,
        chunk_size=1,
    )
    worker_warm_seconds = time.perf_counter() - started
    workers_before = worker_cpu_seconds(client)
    dask_seconds, client_cpu = sweep(
        model, arguments, grid, folder / "dask.nc", client=client
    )
    dask_cpu = worker_cpu_seconds(client) - workers_before + client_cpu
    client.close()
    cluster.close()

    numbers = {
        "grid": f"{arguments.grid_size} x {arguments.grid_size}",
        "points": n_points,
        "duration_s": arguments.duration,
        "dt_s": arguments.dt,
        "chunk_size": arguments.chunk_size,
        "connectome": network.name,
        "compile_and_first_point_s": round(compile_seconds, 2),
        "bare_kernel_s": round(bare, 2),
        "one_process_s": round(one_process, 2),
        "dask_cluster_start_s": round(cluster_seconds, 2),
        "dask_worker_warm_up_s": round(worker_warm_seconds, 2),
        "dask_s": round(dask_seconds, 2),
        "bare_kernel_points_per_s": round(n_points / bare, 3),
        "one_process_points_per_s": round(n_points / one_process, 3),
        "dask_points_per_s": round(n_points / dask_seconds, 3),
        "dask_overhead_vs_bare": round((dask_seconds - bare) / bare, 4),
        "one_process_overhead_vs_bare": round((one_process - bare) / bare, 4),
        "bare_kernel_cpu_s": round(bare_cpu, 2),
        "one_process_cpu_s": round(one_process_cpu, 2),
        "dask_cpu_s": round(dask_cpu, 2),
        "dask_cpu_overhead_vs_bare": round((dask_cpu - bare_cpu) / bare_cpu, 4),
        "one_process_cpu_overhead_vs_bare": round(
            (one_process_cpu - bare_cpu) / bare_cpu, 4
        ),
        "cores": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
    }
    for key, value in numbers.items():
        print(f"{key:<32} {value}")
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(numbers, indent=2) + "\n")


if __name__ == "__main__":
    main()
