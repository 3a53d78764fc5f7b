"""``rosetta show MODEL``: equations, parameters, inputs, coupling and hash."""

from __future__ import annotations

import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.analysis.canonical import canonical_continuation
from rosetta_sym.cli.common import add_model_arguments, model_from_arguments
from rosetta_sym.io import print_expression


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "show", help="print a model's equations (text and LaTeX), parameters and hash"
    )
    add_model_arguments(parser)
    parser.set_defaults(run=run)


def _preset_continuation(rung: str, preset: str) -> str:
    """Describe the usual continuation of a built-in rung's preset, if it has one.

    Presets that share parameter values can differ in the parameter that their
    bifurcation diagram sweeps, so the sweep is shown with the values.
    """
    if rung not in ladder.RUNGS:
        return ""
    canonical = canonical_continuation(f"{rung}:{preset}")
    if canonical is None:
        return ""
    parameter, start, stop = canonical
    return f"; continuation sweeps {parameter} over [{start:g}, {stop:g}]"


def run(args) -> int:
    model = model_from_arguments(args)
    print(f"model {model.name}  (hash {model.hash})")
    if model.description:
        print(model.description)
    print(f"time unit: {model.time_unit}")
    print("\nequations:")
    for name in model.state_names:
        print(f"  d{name}/dt = {print_expression(model.equations[name])}")
    for function in model.functions:
        arguments = ", ".join(a.name for a in function._arguments)
        body = print_expression(function._body)
        print(f"  {function.__name__}({arguments}) = {body}")
    print("\nLaTeX:")
    for name in model.state_names:
        symbol = model.symbols[name]
        print(f"  \\dot{{{sp.latex(symbol)}}} = {sp.latex(model.equations[name])}")
    print("\nstates:")
    for state in model.states:
        print(f"  {state.name:<10} initial {state.initial:<10g} {state.description}")
    print("\nparameters:")
    for parameter in model.parameters:
        bounds = "" if parameter.bounds is None else f" bounds {parameter.bounds}"
        print(
            f"  {parameter.name:<10} {parameter.value:<12g} [{parameter.unit}]"
            f"{bounds}  {parameter.description}"
        )
    print("\ninputs:")
    for item in model.inputs:
        marker = " (forcing)" if item.name == model.forcing_input else ""
        print(f"  {item.name:<10}{marker} {item.description}")
    print("\noutputs:")
    for name, expr in model.outputs.items():
        print(f"  {name} = {print_expression(expr)}")
    if model.coupling is not None:
        print(f"\ncoupling: {model.coupling.kind}")
        channels = zip(model.coupling.source, model.coupling.target, strict=True)
        for source, target in channels:
            print(f"  sends {print_expression(source)} -> input {target}")
    if model.presets:
        print("\npresets:")
        rung = args.model.partition(":")[0]
        for preset, values in model.presets.items():
            shown = ", ".join(f"{k}={v:g}" for k, v in values.items())
            print(f"  {preset}: {shown}{_preset_continuation(rung, preset)}")
    if model.provenance:
        print("\nprovenance:")
        for number, step in enumerate(model.provenance, start=1):
            shown = ", ".join(f"{k}={v}" for k, v in step.arguments.items())
            print(f"  {number}. {step.parent[:12]} --{step.operation}({shown})-->")
        print(f"  {model.short_hash} (this model)")
    if model.references:
        print("\nreferences:")
        for reference in model.references:
            print(f"  {reference.authors} ({reference.year}). {reference.title}")
    return 0
