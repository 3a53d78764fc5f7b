"""Benchmark: continuation of Jansen-Rit in p over [-80, 350] from a cold start.

Runs the continuation in a new Python process, so the time includes importing
SymPy, SciPy and rosetta_sym, deriving the equilibrium curve and compiling the
NumPy functions. Target: under 10 s on 2 cores.

Usage::

    python benchmarks/bench_continuation.py [--method auto|curve|arclength]
        [--repeat N]

The literature values printed next to the results are a sanity check only:
Grimbert and Faugeras (2006, Neural Comput. 18:3052-3068) report Hopf points
near p = 89.8 and p = 315.7 and folds near p = 113.5 and p = -12.1 for these
parameters.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

LITERATURE = {"hopf": [89.8, 315.7], "fold": [113.5, -12.1]}


def child(method: str) -> None:
    """Run one cold continuation and print timings and results as JSON."""
    started = time.perf_counter()
    from rosetta_sym import ladder
    from rosetta_sym.analysis import continue_equilibria

    imported = time.perf_counter()
    result = continue_equilibria(
        ladder.get("jansen_rit"), "p", -80.0, 350.0, method=method
    )
    finished = time.perf_counter()
    print(
        json.dumps(
            {
                "import_s": imported - started,
                "continuation_s": finished - imported,
                "method": result.method,
                "points": int(result.values.size),
                "bifurcations": [
                    {
                        "kind": b.kind,
                        "value": b.value,
                        "frequency_hz": b.frequency_hz,
                        "criticality": b.criticality,
                    }
                    for b in result.bifurcations
                ],
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--method", default="auto", choices=["auto", "curve", "arclength"]
    )
    parser.add_argument("--repeat", type=int, default=3, help="number of cold runs")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.method)
        return 0

    walls = []
    report = None
    for _ in range(args.repeat):
        started = time.perf_counter()
        output = subprocess.run(
            [sys.executable, __file__, "--child", "--method", args.method],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        walls.append(time.perf_counter() - started)
        report = json.loads(output.strip().splitlines()[-1])

    print(f"Jansen-Rit continuation in p over [-80, 350], method {report['method']}")
    print(
        f"cold-start wall time: best {min(walls):.2f} s, worst {max(walls):.2f} s "
        f"over {len(walls)} runs (target < 10 s)"
    )
    print(
        f"last run: imports {report['import_s']:.2f} s, continuation "
        f"{report['continuation_s']:.2f} s, {report['points']} points"
    )
    print("bifurcations:")
    for item in report["bifurcations"]:
        line = f"  {item['kind']:<4} p = {item['value']:.8g}"
        if item["kind"] == "hopf":
            line += f"  {item['frequency_hz']:.3f} Hz  {item['criticality']}"
        kind, value = min(
            ((k, v) for k, values in LITERATURE.items() for v in values),
            key=lambda entry: abs(entry[1] - item["value"]),
        )
        line += f"   (nearest literature point: {kind} at {value})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
