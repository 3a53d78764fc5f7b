"""Helpers shared by the command-line subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from rosetta_sym import ladder
from rosetta_sym.model import Model, ModelError

__all__ = ["UsageError", "resolve_model", "parse_assignments", "add_model_arguments"]


class UsageError(Exception):
    """Invalid command-line usage; the command exits with status 2."""


def resolve_model(spec: str) -> Model:
    """Return the built-in rung named ``spec`` or the model in the TOML file ``spec``.

    A name such as ``wilson_cowan:B`` selects the preset ``B`` of the rung. A
    rung name wins over a file of the same name in the working directory.
    """
    from rosetta_sym.io import load_model

    name, _, preset = spec.partition(":")
    is_rung = name in ladder.RUNGS
    if not is_rung and (spec.endswith(".toml") or "/" in spec or Path(spec).is_file()):
        return load_model(spec)
    model = ladder.get(name)
    return model.with_preset(preset) if preset else model


def parse_assignments(
    items: list[str] | None, option: str = "--set"
) -> dict[str, float]:
    """Parse ``NAME=VALUE`` strings into a dict of floats."""
    values: dict[str, float] = {}
    for item in items or []:
        name, sep, text = item.partition("=")
        if not sep or not name:
            raise UsageError(f"{option} {item!r}: expected NAME=VALUE, such as P_x=1.5")
        try:
            values[name.strip()] = float(text)
        except ValueError:
            raise UsageError(
                f"{option} {item!r}: value {text!r} is not a number"
            ) from None
    return values


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the MODEL positional argument and ``--set NAME=VALUE`` options."""
    parser.add_argument(
        "model",
        metavar="MODEL",
        help="built-in rung name (optionally NAME:PRESET) or path of a .toml model "
        "file",
    )
    parser.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a parameter value; repeat for several",
    )


def model_from_arguments(args: argparse.Namespace) -> Model:
    """Resolve MODEL and apply the ``--set`` overrides."""
    model = resolve_model(args.model)
    overrides = parse_assignments(getattr(args, "set", None))
    if overrides:
        try:
            model = model.with_parameters(overrides)
        except ModelError as error:
            raise UsageError(str(error)) from None
    return model
