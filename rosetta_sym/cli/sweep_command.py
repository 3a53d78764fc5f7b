"""``rosetta sweep MODEL --grid NAME=START:STOP:NUM ...``: parameter sweeps."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from rosetta_sym.cli.common import UsageError, finite_float, model_from_arguments

logger = logging.getLogger(__name__)

#: Default step and duration per model time unit, used when --dt or --duration
#: is not given.
DEFAULT_DT = {"s": 1e-4, "ms": 0.1, "1": 0.01}
DEFAULT_DURATION = {"s": 2.0, "ms": 2000.0, "1": 200.0}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="simulate a grid over parameters, coupling and velocity; store measures",
        description=(
            "Simulate every point of a grid (chunks of points per task, on a local "
            "Dask cluster, local threads or a running Dask scheduler) and store "
            "measures per point in a NetCDF file. Running the same command again "
            "resumes an interrupted sweep."
        ),
    )
    # MODEL is optional here because --list-measures needs none.
    parser.add_argument(
        "model",
        metavar="MODEL",
        nargs="?",
        help="built-in rung name (optionally NAME:PRESET) or path to a .toml "
        "model file",
    )
    parser.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a parameter value; repeat for several",
    )
    _add_grid_arguments(parser.add_argument_group("grid and simulation"))
    _add_run_arguments(parser.add_argument_group("execution and output"))
    parser.set_defaults(run=run_command)


def _add_grid_arguments(grid) -> None:
    grid.add_argument(
        "--grid",
        action="append",
        metavar="NAME=START:STOP:NUM",
        help="grid axis: a parameter, G (global coupling) or velocity (m/s); "
        "NUM values from START to STOP inclusive, or NAME=V1,V2,...; repeat per axis",
    )
    grid.add_argument("--connectome", help="tvb:76, synthetic:N[:SEED] or a file")
    grid.add_argument(
        "--normalise",
        default="none",
        choices=("none", "max_eigenvalue", "row_sum"),
        help="connectome weight normalisation (default: none)",
    )
    grid.add_argument(
        "--coupling",
        type=finite_float,
        default=0.0,
        help="G when it is not a grid axis",
    )
    grid.add_argument(
        "--velocity",
        type=finite_float,
        help="conduction velocity in m/s when it is not a grid axis "
        "(default: no delays)",
    )
    grid.add_argument(
        "--duration",
        type=finite_float,
        help="simulated time per point in model time units "
        "(default: 2 s, 2000 ms or 200 time units)",
    )
    grid.add_argument(
        "--dt",
        type=finite_float,
        help="step in model time units (default: 0.1 ms, or 0.01 for "
        "dimensionless time)",
    )
    grid.add_argument("--method", default="rk4", help="stepper (default: rk4)")
    grid.add_argument(
        "--noise",
        type=finite_float,
        default=0.0,
        help="additive noise amplitude on every state (default: 0)",
    )
    grid.add_argument(
        "--seed", type=int, default=0, help="base random seed (default: 0)"
    )
    grid.add_argument(
        "--transient",
        type=finite_float,
        help="initial time left out of the measures (default: a quarter of "
        "the duration)",
    )
    grid.add_argument(
        "--sample-interval",
        type=finite_float,
        help="time between recorded samples (default: 1 ms for models in s or ms)",
    )
    grid.add_argument(
        "--observable", help="output or state the measures see (default: first output)"
    )
    grid.add_argument(
        "--measure",
        action="append",
        metavar="NAME",
        help="measure to compute; repeat for several (default: all built-in "
        "measures the model allows, except fc)",
    )
    grid.add_argument(
        "--list-measures",
        action="store_true",
        help="list the built-in measures and exit",
    )


def _add_run_arguments(run) -> None:
    run.add_argument(
        "--out",
        help="result file, NetCDF (default: sweep-MODEL.nc); chunks go to OUT.parts/",
    )
    run.add_argument(
        "--scheduler", metavar="ADDRESS", help="address of a running Dask scheduler"
    )
    run.add_argument(
        "--workers", type=int, help="local worker processes (default: number of cores)"
    )
    run.add_argument(
        "--threads",
        action="store_true",
        help="run on local threads instead of a local Dask cluster",
    )
    run.add_argument("--chunk-size", type=int, help="grid points per task")
    run.add_argument(
        "--retries",
        type=int,
        default=3,
        help="Dask retries of a failed task (default: 3)",
    )
    run.add_argument(
        "--fresh", action="store_true", help="discard stored chunks of an earlier run"
    )
    run.add_argument(
        "--keep-parts", action="store_true", help="keep OUT.parts/ after finishing"
    )
    run.add_argument("--plot", metavar="MEASURE", help="draw a map of MEASURE (PNG)")
    run.add_argument("--x", metavar="AXIS", help="horizontal axis of the map")
    run.add_argument("--y", metavar="AXIS", help="vertical axis of the map")
    run.add_argument("--plot-out", help="map file (default: OUT with -MEASURE.png)")
    run.add_argument(
        "--select",
        action="append",
        metavar="AXIS=VALUE",
        help="value of a further axis for the map; repeat per axis",
    )
    run.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _list_measures() -> int:
    from rosetta_sym.sweep import list_measures

    for measure in list_measures():
        needs = []
        if measure.needs_network:
            needs.append("network")
        if measure.needs_hz:
            needs.append("time in s or ms")
        suffix = f" (needs {', '.join(needs)})" if needs else ""
        print(f"{measure.name:<18} {measure.description}{suffix}")
    return 0


def _check_plot_arguments(args) -> None:
    given = [args.plot is not None, args.x is not None, args.y is not None]
    if any(given) and not all(given):
        raise UsageError(
            "--plot needs --x AXIS and --y AXIS, such as --x G --y velocity"
        )
    if args.plot is not None:
        names = [spec.partition("=")[0].strip() for spec in args.grid]
        for axis in (args.x, args.y):
            if axis not in names:
                raise UsageError(
                    f"map axis {axis!r} is not a grid axis; grid axes: "
                    f"{', '.join(names)}"
                )


def _quiet_dask_logs() -> None:
    """Show only warnings and errors of dask.distributed.

    The scheduler of a local cluster runs in this process and logs every
    connection at INFO level. Importing distributed sets its logger levels,
    so the level is lowered after the import.
    """
    try:
        import distributed  # noqa: F401
    except ImportError:
        return
    logging.getLogger("distributed").setLevel(logging.WARNING)


def run_command(args: argparse.Namespace) -> int:
    from rosetta_sym.cli.common import parse_assignments
    from rosetta_sym.sweep import (
        GridError,
        MeasureError,
        StoreError,
        parse_grid,
        run_sweep,
    )

    if args.list_measures:
        return _list_measures()
    if args.model is None:
        raise UsageError("sweep: give a MODEL, or --list-measures")
    if not args.grid:
        raise UsageError("sweep: give at least one --grid NAME=START:STOP:NUM axis")
    _check_plot_arguments(args)
    model = model_from_arguments(args)
    for name in ("workers", "chunk_size"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise UsageError(
                f"--{name.replace('_', '-')} must be at least 1, got {value}"
            )
    select = parse_assignments(args.select, "--select")
    if not getattr(args, "verbose", False) and not args.threads:
        _quiet_dask_logs()
    out = Path(args.out or f"sweep-{model.name}.nc")
    try:
        grid = parse_grid(args.grid)
        dataset = run_sweep(
            model,
            grid,
            duration=DEFAULT_DURATION[model.time_unit]
            if args.duration is None
            else args.duration,
            dt=DEFAULT_DT[model.time_unit] if args.dt is None else args.dt,
            connectome=args.connectome,
            method=args.method,
            seed=args.seed,
            coupling=args.coupling,
            velocity=args.velocity,
            noise=args.noise,
            normalisation=args.normalise,
            transient=args.transient,
            sample_interval=args.sample_interval,
            observable=args.observable,
            measures=args.measure,
            out=out,
            fresh=args.fresh,
            keep_parts=args.keep_parts,
            backend="threads" if args.threads else "auto",
            scheduler=args.scheduler,
            workers=args.workers,
            chunk_size=args.chunk_size,
            retries=args.retries,
            progress=not args.no_progress,
        )
    except (GridError, MeasureError, StoreError) as error:
        raise UsageError(str(error)) from None
    failed = int((dataset["failure"] != "").sum())
    shape = " x ".join(f"{name} {size}" for name, size in dataset.sizes.items())
    print(f"wrote {out} ({shape}; {failed} failed points)")
    if args.plot:
        from rosetta_sym.sweep.plot import PlotError, plot_map

        target = Path(args.plot_out or out.with_name(f"{out.stem}-{args.plot}.png"))
        try:
            plot_map(dataset, args.plot, args.x, args.y, select=select, out=target)
        except PlotError as error:
            raise UsageError(str(error)) from None
        print(f"wrote {target}")
    return 0
