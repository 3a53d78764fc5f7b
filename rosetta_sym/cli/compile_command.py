"""``rosetta compile MODEL [--out DIR]``: write a model's generated kernel module."""

from __future__ import annotations

from rosetta_sym.cli.common import resolve_model


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "compile",
        help="write the generated numba module of a model (kernels and steppers)",
        description=(
            "Write MODEL's generated module to DIR/<model name>.py: a header with "
            "the model hash and generator version, the equations as comments, "
            "then the kernels and steppers. The same model and generator version "
            "always give the same file."
        ),
    )
    parser.add_argument(
        "model",
        metavar="MODEL",
        help="built-in rung name or path to a .toml model file",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        default=".",
        help="directory to write the module to (default: the current directory)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from rosetta_sym.codegen import write_module

    model = resolve_model(args.model)
    path = write_module(model, args.out)
    print(path)
    return 0
