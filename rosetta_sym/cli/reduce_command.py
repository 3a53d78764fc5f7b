"""``rosetta reduce MODEL --to KIND``: reduce a model to a lower rung."""

from __future__ import annotations

import json

import numpy as np

from rosetta_sym.cli.common import (
    UsageError,
    add_model_arguments,
    finite_float,
    model_from_arguments,
)
from rosetta_sym.derive.formatting import coupling_function_text, format_difference
from rosetta_sym.io import dump_model

TARGETS = ("damped_oscillator", "stuart_landau", "phase")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "reduce",
        help="reduce a model to a damped oscillator (stable focus), to Stuart-Landau "
        "(Hopf point) or to a phase oscillator (stable limit cycle)",
    )
    add_model_arguments(parser)
    parser.add_argument(
        "--to",
        dest="target",
        required=True,
        choices=TARGETS,
        help="lower rung to reduce to",
    )
    parser.add_argument(
        "--parameter",
        metavar="P",
        help="bifurcation parameter of the Hopf point (needed for stuart_landau)",
    )
    parser.add_argument(
        "--at",
        type=finite_float,
        metavar="VALUE",
        help="value of P at which to evaluate the reduced model; the Hopf point "
        "nearest to it is used",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument(
        "--out", metavar="FILE.toml", help="write the reduced model to this model file"
    )
    parser.set_defaults(run=run)


def _check_arguments(args, model) -> None:
    if args.target == "stuart_landau":
        if args.parameter is None:
            raise UsageError("--to stuart_landau needs --parameter P")
        if args.parameter not in model.parameter_names:
            raise UsageError(
                f"--parameter {args.parameter!r}: not a parameter of model "
                f"{model.name!r} (parameters: {', '.join(model.parameter_names)})"
            )
    elif args.parameter is not None or args.at is not None:
        raise UsageError(
            f"--parameter and --at apply to --to stuart_landau only; for --to "
            f"{args.target} use --set NAME=VALUE"
        )


def _reduce(args, model):
    overrides = dict(model.parameter_values)
    if args.target == "damped_oscillator":
        from rosetta_sym.derive.reduce_linear import reduce_to_damped_oscillator

        return reduce_to_damped_oscillator(model, overrides)
    if args.target == "stuart_landau":
        from rosetta_sym.derive.reduce_hopf import reduce_to_stuart_landau

        return reduce_to_stuart_landau(
            model, args.parameter, args.at, parameters=overrides
        )
    from rosetta_sym.derive.reduce_phase import reduce_to_phase

    return reduce_to_phase(model, overrides)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def run(args) -> int:
    model = model_from_arguments(args)
    _check_arguments(args, model)
    reduction = _reduce(args, model)
    summary = _plain(reduction.summary())
    if args.out:
        summary["written_to"] = str(dump_model(reduction.model, args.out))
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    _print_text(args, reduction, summary)
    return 0


def _print_text(args, reduction, summary) -> None:
    reduced = reduction.model
    print(f"reduced {summary['source']} -> {reduced.name}  (hash {reduced.short_hash})")
    values = ", ".join(f"{p.name}={p.value:.6g}" for p in reduced.parameters)
    print(f"parameters: {values}")
    if args.target == "damped_oscillator":
        focus = ", ".join(f"{k}={v:.6g}" for k, v in summary["fixed_point"].items())
        print(f"stable focus: {focus}")
        print(f"leading eigenvalue: {summary['alpha']:.6g} {summary['omega']:+.6g}i")
        print("validity: linear, for small deviations from the focus")
    elif args.target == "stuart_landau":
        print(
            f"Hopf point: {summary['parameter']} = {summary['critical_value']:.8g} "
            f"({summary['criticality']}), omega = {summary['omega']:.6g}"
        )
        print(
            f"mu = {summary['slope']:.6g} "
            f"({format_difference(summary['parameter'], summary['critical_value'])}), "
            f"gamma = {summary['gamma']:.6g}, "
            f"beta = {summary['beta']:.6g}"
        )
        q = np.array(summary["q_real"]) + 1j * np.array(summary["q_imag"])
        names = reduction.fixed_point
        shown = ", ".join(f"{k}: {abs(v):.4g}" for k, v in zip(names, q, strict=True))
        print(f"|q| (state k moves by 2 |q_k| |w|): {shown}")
        if args.at is not None:
            # The reduction already logged a warning if --at is far from p_c.
            amplitudes = reduction.amplitudes(args.at, warn=False)
            shown = ", ".join(
                f"{k}: {a:.4g}" for k, a in zip(names, amplitudes, strict=True)
            )
            where = f"{summary['parameter']} = {args.at:g}"
            print(f"predicted cycle amplitude at {where}: {shown}")
        print(
            f"checked within |{summary['parameter']} - p_c| <= "
            f"{summary['checked_distance']:.3g} (linear mu(p) matches the "
            "eigenvalues to 5%)"
        )
    else:
        multipliers = ", ".join(f"{m:.3g}" for m in summary["floquet_multipliers_abs"])
        print(
            f"limit cycle: period {summary['period']:.6g}, "
            f"omega {summary['omega']:.6g}, |Floquet multipliers| {multipliers}"
        )
        print(
            "coupling function H(psi) ~ "
            + coupling_function_text(summary["h0"], summary["K"], summary["lag"])
        )
        rate = summary["contraction_rate"]
        print(
            "validity: weak coupling, first order in the gain G; keep G * K well "
            f"below the contraction rate {rate:.4g} per time unit"
        )
    if "written_to" in summary:
        print(f"wrote {summary['written_to']}")
