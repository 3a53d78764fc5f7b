"""``rosetta derive TARGET``: rebuild a built-in rung from its parent by refinements."""

from __future__ import annotations

from rosetta_sym.cli.common import UsageError
from rosetta_sym.derive.ladder_derivations import (
    compare_models,
    derivation_targets,
    derive,
    routes,
)
from rosetta_sym.io import dump_model, print_expression


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "derive",
        help="rebuild a built-in rung from its parent by symbolic refinements and "
        "check it against the declared rung",
    )
    parser.add_argument(
        "target",
        metavar="TARGET",
        nargs="?",
        help="rung to derive; omit to list the derivable rungs and their routes",
    )
    parser.add_argument(
        "--route",
        metavar="ROUTE",
        help="derivation to use when the rung has several (default: the first)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE.toml",
        help="write the derived model, with its provenance, to this model file",
    )
    parser.set_defaults(run=run)


def _list() -> int:
    for target in derivation_targets():
        for derivation in routes(target):
            print(
                f"{target:<34} --route {derivation.route:<26} from "
                f"{derivation.parent}: {derivation.summary}"
            )
    return 0


def run(args) -> int:
    if args.target is None:
        if args.route or args.out:
            raise UsageError("--route and --out need a TARGET")
        return _list()
    if args.target not in derivation_targets():
        raise UsageError(
            f"no derivation of {args.target!r}; derivable rungs: "
            f"{', '.join(derivation_targets())}"
        )
    known = [d.route for d in routes(args.target)]
    if args.route is not None and args.route not in known:
        raise UsageError(
            f"--route {args.route!r}: rung {args.target!r} has routes "
            f"{', '.join(known)}"
        )
    from rosetta_sym import ladder

    model = derive(args.target, args.route)
    declared = ladder.get(args.target)
    comparison = compare_models(model, declared)
    print(f"derived {model.name}  (hash {model.short_hash})")
    print("\nprovenance:")
    for number, step in enumerate(model.provenance, start=1):
        shown = ", ".join(f"{k}={v}" for k, v in step.arguments.items())
        print(f"  {number}. {step.operation}({shown})  [parent {step.parent[:12]}]")
    print("\nequations:")
    for name in model.state_names:
        print(f"  d{name}/dt = {print_expression(model.equations[name])}")
    for function in model.functions:
        arguments = ", ".join(a.name for a in function._arguments)
        print(
            f"  {function.__name__}({arguments}) = {print_expression(function._body)}"
        )
    if comparison.equal:
        print(
            f"\nequal to the built-in rung {args.target}: same states, parameters, "
            "inputs and coupling; right-hand sides agree symbolically"
        )
        if model.hash == declared.hash:
            print("(identical expressions: the hashes agree too)")
    else:
        print(f"\nDIFFERS from the built-in rung {args.target}:")
        for line in comparison.differences:
            print(f"  {line}")
    if args.out:
        path = dump_model(model, args.out)
        print(f"\nwrote {path}")
    return 0 if comparison.equal else 1
