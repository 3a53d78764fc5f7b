"""``rosetta analyze MODEL``: fixed points, stability, Hopf condition and an
optional one-parameter continuation."""

from __future__ import annotations

import json

from rosetta_sym.analysis import analyze, canonical_continuation
from rosetta_sym.analysis.report_json import analysis_to_json
from rosetta_sym.cli.common import (
    UsageError,
    add_model_arguments,
    finite_float,
    model_from_arguments,
)
from rosetta_sym.io import print_expression


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="fixed points, stability, Hopf condition and continuation of a model "
        "with its inputs set to zero",
    )
    add_model_arguments(parser)
    parser.add_argument(
        "--continue",
        dest="continue_parameter",
        metavar="PARAM",
        help="continue the equilibria in parameter PARAM and report folds and Hopf "
        "points",
    )
    parser.add_argument(
        "--from",
        dest="start",
        type=finite_float,
        metavar="A",
        help="start of the continuation interval, in the parameter's unit "
        "(default: the rung's usual interval for PARAM, if it has one)",
    )
    parser.add_argument(
        "--to",
        dest="stop",
        type=finite_float,
        metavar="B",
        help="end of the continuation interval, in the parameter's unit",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the JSON report (docs/analyze-json.md)",
    )
    parser.set_defaults(run=run)


def _print_early_stops(continuation, request) -> None:
    """Print each branch end that falls short of the requested interval."""
    if not continuation.early_stops:
        return
    _, start, stop = request
    low, high = sorted((start, stop))
    name = continuation.parameter
    print(f"  stopped before the end of the interval [{low:g}, {high:g}]:")
    for item in continuation.early_stops:
        print(
            f"    branch {item.branch} ends at {name} = {item.value:.10g}: "
            f"{item.reason}"
        )


def _continuation_request(args, model) -> tuple[str, float, float] | None:
    name = args.continue_parameter
    if name is None:
        if args.start is not None or args.stop is not None:
            raise UsageError("--from and --to need --continue PARAM")
        return None
    if name not in model.parameter_names:
        raise UsageError(
            f"--continue {name!r}: not a parameter of model {model.name!r} "
            f"(parameters: {', '.join(model.parameter_names)})"
        )
    start, stop = args.start, args.stop
    if start is None or stop is None:
        canonical = canonical_continuation(args.model)
        if canonical is None or canonical[0] != name:
            raise UsageError(
                f"--continue {name}: give the interval with --from A --to B"
            )
        start = canonical[1] if start is None else start
        stop = canonical[2] if stop is None else stop
    if start == stop:
        raise UsageError(f"--from {start:g} --to {stop:g}: the interval is empty")
    return name, start, stop


def run(args) -> int:
    model = model_from_arguments(args)
    request = _continuation_request(args, model)
    analysis = analyze(model, continuation=request)
    if args.json:
        print(json.dumps(analysis_to_json(analysis), indent=2))
        return 0
    _print_text(analysis, request)
    return 0


def _print_text(analysis, request: tuple[str, float, float] | None) -> None:
    model = analysis.model
    print(f"model {model.name}  (hash {model.short_hash}); inputs set to zero")
    shown = ", ".join(f"{k}={v:g}" for k, v in analysis.parameters.items())
    print(f"parameters: {shown}")

    print("\nJacobian:")
    jac = analysis.jacobian
    if all(entry == 0 for entry in jac):
        print("  every entry is zero")
    for i, row_name in enumerate(model.state_names):
        for j, column_name in enumerate(model.state_names):
            if jac[i, j] != 0:
                entry = print_expression(jac[i, j])
                print(f"  d({row_name}')/d{column_name} = {entry}")

    print("\nHopf condition:")
    if len(model.state_names) == 1:
        print("  none: a one-state model has no Hopf bifurcation")
    else:
        for line in analysis.hopf_condition.as_strings():
            print(f"  {line}")

    print(f"\nfixed points ({len(analysis.fixed_points)}):")
    for point in analysis.fixed_points:
        state = ", ".join(f"{k}={v:.6g}" for k, v in point.state.items())
        leading = point.eigenvalues[0]
        print(
            f"  {state}\n    {point.type}, leading eigenvalue "
            f"{leading.real:.6g}{leading.imag:+.6g}i  [{point.method}]"
        )

    continuation = analysis.continuation
    if continuation is None:
        return
    hz = model.hz_per_angular_unit()
    time_unit = "time unit" if model.time_unit == "1" else model.time_unit
    print(
        f"\ncontinuation in {continuation.parameter} ({continuation.method}, "
        f"{continuation.values.size} points):"
    )
    for item in continuation.bifurcations:
        line = f"  {item.kind:<4} at {item.parameter} = {item.value:.10g}"
        if item.kind == "hopf":
            line += f", omega = {item.omega:.6g} rad per {time_unit}"
            if hz is not None:
                line += f" ({item.frequency_hz:.4g} Hz)"
            line += (
                f", l1 = {item.first_lyapunov:.4g} ({item.criticality or 'degenerate'})"
            )
        print(line)
    for value in continuation.neutral_saddles:
        name = continuation.parameter
        print(f"  neutral saddle (not a Hopf point) at {name} = {value:.10g}")
    _print_early_stops(continuation, request)
    print("  segments:")
    for segment in continuation.segments:
        print(
            f"    branch {segment.branch}: {segment.start:.6g} -> {segment.stop:.6g}  "
            f"{'stable' if segment.stable else 'unstable'} ({segment.type})"
        )
