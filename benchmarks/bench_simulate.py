"""Benchmark the generated steppers against hand-written numba kernels.

Workloads (each with the same equations, dt and method on both sides):

- W1: Jansen-Rit, N = 80, random non-negative weights (density 0.2, rows
  normalised), G = 0.1 into the pyramidal input, 10 s at dt = 0.1 ms, RK4;
- W2: Stuart-Landau, N = 1000, diffusive coupling on a random graph with 10
  inputs per node (rows normalised), G = 0.5, 10 time units at dt = 1e-4, RK4;
- W3: Wilson-Cowan, N = 80, the W1 weights, G = 0.1, 10 time units at
  dt = 1e-4, RK4;
- W4: Jansen-Rit on tvb:76 (synthetic:76 without tvb-data) with conduction
  delays at 5 m/s, G = 0.1, additive noise on y4 (sigma = 650 mV/s/sqrt(s)),
  10 s at dt = 0.1 ms, stochastic Heun.

Run time is the best of ``--repeats`` calls after a first call that compiles,
with generated and reference calls alternating. Compile time is the first call
minus the best call. The cold start is a new
process that loads the cached module and runs 0.1 s of W1.

Usage: python benchmarks/bench_simulate.py [--duration-scale 1.0] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_kernels as ref  # noqa: E402

from rosetta_sym import ladder  # noqa: E402
from rosetta_sym.simulate import Connectome, load_connectome, simulate  # noqa: E402
from rosetta_sym.simulate.noise import NoiseStream  # noqa: E402


def random_weights(n_nodes, density, seed):
    rng = np.random.default_rng(seed)
    weights = rng.uniform(size=(n_nodes, n_nodes)) * (
        rng.uniform(size=(n_nodes, n_nodes)) < density
    )
    np.fill_diagonal(weights, 0.0)
    return Connectome(weights, name=f"random:{n_nodes}:{density}").normalised("row_sum")


def k_regular_weights(n_nodes, k, seed):
    rng = np.random.default_rng(seed)
    weights = np.zeros((n_nodes, n_nodes))
    for i in range(n_nodes):
        others = rng.choice(np.delete(np.arange(n_nodes), i), size=k, replace=False)
        weights[i, others] = 1.0 / k
    import scipy.sparse

    return Connectome(scipy.sparse.csr_matrix(weights), name=f"k-regular:{n_nodes}:{k}")


def timed_pair(ours, reference, repeats):
    """Time both sides: first calls, then ``repeats`` alternating calls.

    Alternating the calls exposes both sides to the same background load on a
    shared machine. Returns the first-call and best times and the last values.
    """
    times = {}
    values = {}
    for name, function in (("ours", ours), ("reference", reference)):
        start = time.perf_counter()
        values[name] = function()
        times[name] = [time.perf_counter() - start]
    for _ in range(repeats):
        for name, function in (("ours", ours), ("reference", reference)):
            start = time.perf_counter()
            values[name] = function()
            times[name].append(time.perf_counter() - start)
    first = {name: series[0] for name, series in times.items()}
    best = {name: min(series[1:]) for name, series in times.items()}
    return first, best, values


def workload_w1(scale, repeats, variant=None):
    model = ladder.get("jansen_rit")
    network = random_weights(80, 0.2, seed=1)
    dt, duration = 1e-4, 10.0 * scale
    n_steps = int(round(duration / dt))
    initial = model.initial_state[:, None] + np.zeros((6, 80))
    initial[0] += np.linspace(0.0, 1.0, 80)

    def ours():
        return simulate(
            model,
            duration,
            dt,
            "rk4",
            connectome=network,
            coupling=0.1,
            initial=initial,
            record=["v_pyr"],
            record_every=10,
            variant=variant,
            progress=False,
        ).data[:, :, 0]

    def reference():
        return ref.jansen_rit_rk4(
            initial.copy(),
            tuple(model.parameter_vector),
            network.dense_weights(),
            0.1,
            dt,
            n_steps,
            10,
        )

    return ours, reference


def workload_w2(scale, repeats):
    model = ladder.get("stuart_landau")
    network = k_regular_weights(1000, 10, seed=2)
    dt, duration = 1e-4, 10.0 * scale
    n_steps = int(round(duration / dt))
    rng = np.random.default_rng(3)
    x0 = rng.uniform(-1, 1, 1000)
    y0 = rng.uniform(-1, 1, 1000)
    csr = network.csr_weights()

    def ours():
        return simulate(
            model,
            duration,
            dt,
            "rk4",
            connectome=network,
            coupling=0.5,
            initial={"x": x0, "y": y0},
            record=["x"],
            record_every=10,
            progress=False,
        ).data[:, :, 0]

    def reference():
        return ref.stuart_landau_rk4(
            x0.copy(),
            y0.copy(),
            tuple(model.parameter_vector),
            csr.data,
            csr.indices.astype(np.int64),
            csr.indptr.astype(np.int64),
            0.5,
            dt,
            n_steps,
            10,
        )

    return ours, reference


def workload_w3(scale, repeats):
    model = ladder.get("wilson_cowan").with_parameters(P_x=1.0)
    network = random_weights(80, 0.2, seed=1)
    dt, duration = 1e-4, 10.0 * scale
    n_steps = int(round(duration / dt))
    x0 = np.linspace(0.05, 0.5, 80)
    y0 = np.full(80, 0.1)

    def ours():
        return simulate(
            model,
            duration,
            dt,
            "rk4",
            connectome=network,
            coupling=0.1,
            initial={"x": x0, "y": y0},
            record=["x"],
            record_every=10,
            progress=False,
        ).data[:, :, 0]

    def reference():
        return ref.wilson_cowan_rk4(
            x0.copy(),
            y0.copy(),
            tuple(model.parameter_vector),
            network.dense_weights(),
            0.1,
            dt,
            n_steps,
            10,
        )

    return ours, reference


def workload_w4(scale, repeats):
    model = ladder.get("jansen_rit")
    try:
        network = load_connectome("tvb:76")
    except ValueError:
        network = load_connectome("synthetic:76")
    network = network.normalised("row_sum")
    dt, duration, velocity, seed, sigma = 1e-4, 10.0 * scale, 5.0, 12, 650.0
    n_steps = int(round(duration / dt))
    noise = np.zeros((6, 76))
    noise[4] = sigma
    csr = network.csr_weights()
    rows = np.repeat(np.arange(76), np.diff(csr.indptr))
    delays = network.tract_lengths[rows, csr.indices] / velocity * 1e-3

    def ours():
        return simulate(
            model,
            duration,
            dt,
            "stochastic_heun",
            connectome=network,
            coupling=0.1,
            velocity=velocity,
            noise=noise,
            seed=seed,
            record=["v_pyr"],
            record_every=10,
            progress=False,
        ).data[:, :, 0]

    def reference():
        normals = NoiseStream(noise, np.random.SeedSequence(seed)).draw(n_steps)
        y = model.initial_state[:, None] + np.zeros((6, 76))
        return ref.jansen_rit_delayed_stochastic_heun(
            y,
            tuple(model.parameter_vector),
            csr.data,
            csr.indices.astype(np.int64),
            csr.indptr.astype(np.int64),
            delays,
            0.1,
            dt,
            n_steps,
            10,
            sigma,
            normals,
        )

    return ours, reference


WORKLOADS = {
    "W1 Jansen-Rit N=80 RK4": workload_w1,
    "W2 Stuart-Landau N=1000 RK4": workload_w2,
    "W3 Wilson-Cowan N=80 RK4": workload_w3,
    "W4 Jansen-Rit tvb:76 delays+noise Heun": workload_w4,
}


COLD_START = """
import time
start = time.perf_counter()
import numpy as np
from rosetta_sym import ladder
from rosetta_sym.simulate import simulate
imported = time.perf_counter()
model = ladder.get("jansen_rit")
weights = np.full((80, 80), 1.0 / 80)
np.fill_diagonal(weights, 0.0)
simulate(model, 0.1, 1e-4, "rk4", connectome=weights, coupling=0.1,
         variant="dense", record=["v_pyr"], record_every=10, progress=False)
done = time.perf_counter()
print(f"{imported - start:.3f} {done - imported:.3f}")
"""


def cold_start() -> tuple[float, float]:
    """Return (import time, load + run time) of a new process with a warm cache."""
    output = subprocess.run(
        [sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(output[0]), float(output[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration-scale",
        type=float,
        default=1.0,
        help="fraction of the stated durations to run (default 1)",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="run workloads whose name contains this text")
    args = parser.parse_args()
    if "ROSETTA_SYM_CACHE_DIR" not in os.environ:
        os.environ["ROSETTA_SYM_CACHE_DIR"] = tempfile.mkdtemp(prefix="rosetta-bench-")
    print(
        f"python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cpus, cache {os.environ['ROSETTA_SYM_CACHE_DIR']}"
    )
    for name, build in WORKLOADS.items():
        if args.only and args.only not in name:
            continue
        ours, reference = build(args.duration_scale, args.repeats)
        first, best, values = timed_pair(ours, reference, args.repeats)
        ours_values, ref_values = values["ours"], values["reference"]
        scale = np.max(np.abs(ref_values)) or 1.0
        deviation = float(np.max(np.abs(ours_values - ref_values)) / scale)
        print(
            f"{name}: generated {best['ours']:.3f} s "
            f"(compile {first['ours'] - best['ours']:.2f} s), "
            f"reference {best['reference']:.3f} s "
            f"(compile {first['reference'] - best['reference']:.2f} s), "
            f"ratio {best['ours'] / best['reference']:.2f}, "
            f"max relative deviation {deviation:.1e}",
            flush=True,
        )
    imports, run = cold_start()
    print(
        f"cold start (cached kernels): imports {imports:.2f} s, "
        f"load + 0.1 s run {run:.2f} s"
    )


if __name__ == "__main__":
    main()
