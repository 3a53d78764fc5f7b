"""Wall and CPU time of ``rosetta ladder``, with an empty and with a filled cache.

Each timing runs the command in a fresh process:

1. ``--quick`` with an empty kernel cache (a new temporary
   ``ROSETTA_SYM_CACHE_DIR``): the first run on a new machine, which compiles
   one stepper per rung in worker processes while the report is built;
2. ``--quick`` again, with the cache that run filled;
3. the full report with that cache, then with another empty cache (only with
   ``--full``);
4. ``--quick`` with an empty cache and ``--jobs 0``, which compiles in the
   main process only (only with ``--serial``).

CPU time is the user plus system time of the command and of its worker
processes, from ``resource.getrusage(RUSAGE_CHILDREN)``.

Usage::

    python benchmarks/bench_ladder.py                # cold and warm --quick
    python benchmarks/bench_ladder.py --full --serial
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time


def _run(label: str, arguments: list[str], cache: str, out: str) -> tuple:
    environment = dict(os.environ, ROSETTA_SYM_CACHE_DIR=cache)
    command = [sys.executable, "-m", "rosetta_sym.cli.main", "ladder", "--no-progress"]
    command += ["--out", out, *arguments]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, env=environment, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"{label}: exit status {completed.returncode}")
    return label, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time the full report")
    parser.add_argument(
        "--serial", action="store_true", help="also time a cold --quick with --jobs 0"
    )
    args = parser.parse_args()

    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="rosetta-bench-ladder-") as root:
        cache = os.path.join(root, "cache")
        rows.append(_run("--quick, empty cache", ["--quick"], cache, f"{root}/a"))
        rows.append(_run("--quick, filled cache", ["--quick"], cache, f"{root}/b"))
        if args.full:
            rows.append(_run("full, filled cache", [], cache, f"{root}/c"))
            full_cache = os.path.join(root, "full-cache")
            rows.append(_run("full, empty cache", [], full_cache, f"{root}/e"))
        if args.serial:
            serial_cache = os.path.join(root, "serial-cache")
            rows.append(
                _run(
                    "--quick, empty cache, --jobs 0",
                    ["--quick", "--jobs", "0"],
                    serial_cache,
                    f"{root}/d",
                )
            )

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; "
        f"load average at the start: {load:.2f}"
    )
    print("| run | wall (s) | CPU (s) |")
    print("| --- | --- | --- |")
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()
