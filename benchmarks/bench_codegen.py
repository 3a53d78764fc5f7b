"""Time from a model declaration to callable rhs and Jacobian kernels.

For every built-in rung, two fresh processes run the same steps:

1. cold: an empty kernel cache, so the time covers building the model, the
   symbolic work (Jacobian, rewrites, common subexpressions), printing,
   rendering, writing the cache entry, and numba compiling ``rhs`` and
   ``jacobian`` on their first calls;
2. warm: the cache filled by the cold run, so the time covers building the
   model, verifying and importing the entry, and numba loading the machine code.

Times start after the imports of numpy, numba, sympy and rosetta_sym, which every
process pays once (their time is reported separately). The last column is the
first call of a trivial ``numba.njit(cache=True)`` function loaded from numba's
cache in a fresh process: the part of the warm time that numba needs before any
cached kernel runs.

Usage::

    python benchmarks/bench_codegen.py            # all rungs, Markdown table
    python benchmarks/bench_codegen.py jansen_rit wilson_cowan
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap

CHILD = textwrap.dedent(
    """
    import json, time
    started = time.perf_counter()
    import numpy as np
    import numba, sympy
    from rosetta_sym import ladder
    from rosetta_sym.codegen import load_kernels
    imported = time.perf_counter()
    model = ladder.get({name!r})
    kernels = load_kernels(model)
    loaded = time.perf_counter()
    n = len(model.states)
    y, p = model.initial_state, model.parameter_vector
    u = np.zeros(len(model.inputs))
    kernels.rhs(0.0, y, p, u, np.empty(n))
    kernels.jacobian(0.0, y, p, u, np.empty((n, n)))
    done = time.perf_counter()
    print(json.dumps({{"imports": imported - started, "load": loaded - imported,
                      "total": done - imported}}))
    """
)

BASELINE = textwrap.dedent(
    """
    import json, sys, time
    sys.path.insert(0, {directory!r})
    import numba
    started = time.perf_counter()
    import trivial_kernel
    trivial_kernel.f(1.0)
    print(json.dumps({{"total": time.perf_counter() - started}}))
    """
)


def run(script: str, cache_dir: str) -> dict:
    environment = {**os.environ, "ROSETTA_SYM_CACHE_DIR": cache_dir}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def numba_baseline() -> float:
    """Return the first-call time of a trivial cached numba function (s)."""
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "trivial_kernel.py"), "w") as stream:
            stream.write(
                "import numba\n\n\n@numba.njit(cache=True)\ndef f(x):\n"
                "    return x + 1.0\n"
            )
        script = BASELINE.format(directory=directory)
        run(script, directory)
        return run(script, directory)["total"]


def main() -> None:
    from rosetta_sym import ladder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rungs", nargs="*", default=ladder.names())
    args = parser.parse_args()

    baseline = numba_baseline()
    print("| rung | cold (s) | warm (s) | warm: load entry (s) | imports (s) |")
    print("| --- | --- | --- | --- | --- |")
    for name in args.rungs:
        with tempfile.TemporaryDirectory() as cache_dir:
            cold = run(CHILD.format(name=name), cache_dir)
            warm = run(CHILD.format(name=name), cache_dir)
        print(
            f"| {name} | {cold['total']:.2f} | {warm['total']:.2f} | "
            f"{warm['load']:.3f} | {warm['imports']:.2f} |"
        )
    print(f"\nnumba first call of a trivial cached function: {baseline:.2f} s")


if __name__ == "__main__":
    main()
