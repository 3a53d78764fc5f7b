"""``rosetta simulate MODEL``: integrate a model alone or on a connectome."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np

from rosetta_sym.cli.common import (
    UsageError,
    add_model_arguments,
    finite_float,
    model_from_arguments,
)

METHOD_CHOICES = ("euler", "heun", "rk4", "euler-maruyama", "stochastic-heun")


def _method_name(text: str) -> str:
    """Accept the API's spelling (euler_maruyama) as well as the CLI's."""
    return text.replace("_", "-")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="integrate a model (alone or on a connectome) and save the samples",
        description=(
            "Integrate MODEL with a fixed step and write the recorded samples to "
            ".npz (or .nc with xarray). Times are in the model's time unit."
        ),
    )
    add_model_arguments(parser)

    parser.add_argument(
        "--duration",
        type=finite_float,
        default=None,
        help="length of the run in model time units (default: 1 s, 1000 ms or 100)",
    )
    parser.add_argument(
        "--dt",
        type=finite_float,
        default=None,
        help="step in model time units (default: 1e-4 s, 0.1 ms or 1e-3)",
    )
    parser.add_argument(
        "--method",
        type=_method_name,
        choices=METHOD_CHOICES,
        default=None,
        help="integrator (default rk4, or euler-maruyama with --noise)",
    )

    parser.add_argument(
        "--connectome",
        metavar="SPEC",
        help="tvb:76 (also 66, 68, 96, 192), synthetic:N[:SEED] or a file "
        "(.zip TVB, .npy, .npz, .csv, .txt, .mat)",
    )
    parser.add_argument(
        "--normalise",
        choices=("none", "max_eigenvalue", "row_sum"),
        default="none",
        help="normalisation of the connectome weights (default none)",
    )
    parser.add_argument(
        "--coupling",
        type=finite_float,
        default=1.0,
        metavar="G",
        help="global coupling G (default 1)",
    )
    parser.add_argument(
        "--velocity",
        type=finite_float,
        metavar="V",
        help="conduction velocity in m/s; delays are tract lengths / V",
    )

    parser.add_argument(
        "--noise",
        type=finite_float,
        metavar="SIGMA",
        help="additive noise amplitude on every state (state units per "
        "sqrt(time unit))",
    )
    parser.add_argument(
        "--force",
        action="append",
        metavar="KIND:KEY=VALUE,...",
        help="add forcing, e.g. sinusoid:amplitude=5,frequency=10 (frequency in "
        "Hz, or in cycles per time unit for dimensionless models) or "
        "pulse:period=0.1,width=0.01,amplitude=50; kinds: constant, sinusoid, "
        "pulse, step, chirp, ou; repeat to sum",
    )

    parser.add_argument(
        "--record",
        action="append",
        metavar="NAME",
        help="state or output to record; repeat for several (default: all states)",
    )
    parser.add_argument(
        "--record-every",
        type=int,
        default=1,
        metavar="K",
        help="record every K steps (default 1)",
    )
    parser.add_argument("--seed", type=int, help="seed of the noise streams")
    parser.add_argument(
        "--out",
        metavar="FILE",
        default=None,
        help="output file, .npz or .nc (NetCDF, needs xarray); default MODEL.npz",
    )
    parser.set_defaults(run=run)


DEFAULT_STEPS = {"s": (1.0, 1e-4), "ms": (1000.0, 0.1), "1": (100.0, 1e-3)}

#: Suffixes of --out that SimulationResult.save writes as given.
OUTPUT_SUFFIXES = (".npz", ".nc")


def _output_path(text: str | None, model_name: str) -> Path:
    """Return the --out path, checked before the run so no result is lost.

    ``SimulationResult.save`` would append ``.npz`` to any other suffix, so
    other suffixes are rejected instead of writing a file of another name.
    """
    if text is None:
        return Path(f"{model_name}.npz")
    path = Path(text)
    if path.suffix not in OUTPUT_SUFFIXES:
        suffix = repr(path.suffix) if path.suffix else "(no suffix)"
        raise UsageError(
            f"--out {text!r}: unsupported file type {suffix}; "
            f"give a name ending in {' or '.join(OUTPUT_SUFFIXES)}, such as "
            f"{path.with_suffix('.npz')}"
        )
    if path.suffix == ".nc" and importlib.util.find_spec("xarray") is None:
        raise UsageError(
            f"--out {text!r}: NetCDF output needs xarray; install it with "
            "pip install 'rosetta_sym[distributed]', or give a name ending in .npz"
        )
    if not path.parent.is_dir():
        raise UsageError(
            f"--out {text!r}: folder {str(path.parent)!r} does not exist; create it "
            "or give a path in an existing folder"
        )
    return path


def run(args) -> int:
    from rosetta_sym.simulate import (
        BlowUpError,
        SimulationError,
        parse_forcing,
        simulate,
    )
    from rosetta_sym.simulate.forcing import ForcingError
    from rosetta_sym.simulate.noise import NoiseError

    model = model_from_arguments(args)
    duration, dt = DEFAULT_STEPS[model.time_unit]
    duration = args.duration if args.duration is not None else duration
    dt = args.dt if args.dt is not None else dt
    method = args.method or ("euler-maruyama" if args.noise else "rk4")
    try:
        forcing = [parse_forcing(spec) for spec in args.force or []]
    except ForcingError as error:
        raise UsageError(str(error)) from None
    out = _output_path(args.out, model.name)
    if args.record_every < 1:
        raise UsageError(f"--record-every must be >= 1, got {args.record_every}")
    if args.velocity is not None and not (
        math.isfinite(args.velocity) and args.velocity > 0
    ):
        raise UsageError(f"--velocity must be a finite number > 0, got {args.velocity}")
    try:
        result = simulate(
            model,
            duration,
            dt,
            method.replace("-", "_"),
            connectome=args.connectome,
            coupling=args.coupling,
            velocity=args.velocity,
            normalisation=args.normalise,
            forcing=forcing,
            noise=args.noise,
            seed=args.seed,
            record=args.record,
            record_every=args.record_every,
            progress=None,
        )
    except (SimulationError, NoiseError, ForcingError) as error:
        # Invalid settings (dt, duration, noise, forcing targets, recorded names)
        # are usage errors.
        raise UsageError(str(error)) from None
    except BlowUpError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    path = result.save(out)
    data = result.data
    print(
        f"{model.name}: {result.metadata['n_steps']} steps of {dt:g} "
        f"({result.metadata['method']}), {data.shape[1]} node(s), "
        f"{data.shape[0]} samples of {', '.join(result.variables)}"
    )
    for k, name in enumerate(result.variables):
        values = data[:, :, k]
        print(
            f"  {name:<12} mean {np.mean(values):<12.6g} std {np.std(values):<12.6g} "
            f"min {np.min(values):<12.6g} max {np.max(values):.6g}"
        )
    print(f"wrote {path}")
    return 0
