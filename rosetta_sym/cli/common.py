"""Helpers shared by the command-line subcommands."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from rosetta_sym import ladder
from rosetta_sym.model import Model, ModelError

__all__ = [
    "UsageError",
    "add_model_arguments",
    "finite_float",
    "parse_assignments",
    "resolve_model",
]


class UsageError(Exception):
    """Invalid command-line usage; the command exits with status 2."""


def resolve_model(spec: str) -> Model:
    """Return the built-in rung named ``spec`` or the model in the TOML file ``spec``.

    A name such as ``wilson_cowan:B`` selects the preset ``B`` of the rung. A
    rung name wins over a file of the same name in the working directory.

    Raises
    ------
    UsageError
        For an unknown rung name or preset, or a model file that does not exist.
    """
    from rosetta_sym.io import load_model

    name, _, preset = spec.partition(":")
    is_rung = name in ladder.RUNGS
    if not is_rung and (spec.endswith(".toml") or "/" in spec or Path(spec).is_file()):
        if not Path(spec).is_file():
            raise UsageError(
                f"model file {spec!r} not found; give the path of an existing .toml "
                "model file or a built-in rung name (see rosetta list)"
            )
        return load_model(spec)
    if not is_rung:
        try:
            ladder.get(name)
        except ModelError as error:
            # The message names close matches and every built-in rung.
            raise UsageError(str(error)) from None
    model = ladder.get(name)
    if preset and preset not in model.presets:
        raise UsageError(
            f"model {name!r} has no preset {preset!r}; use one of "
            f"{', '.join(model.presets) or 'none'} (see rosetta show {name})"
        )
    return model.with_preset(preset) if preset else model


def finite_float(text: str) -> float:
    """Parse a finite number for an argparse option; reject nan and inf.

    Raises
    ------
    argparse.ArgumentTypeError
        When ``text`` is not a number or not finite; the parser turns it into a
        usage error (exit status 2) that names the option.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number; give a finite number such as 1.5"
        ) from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a finite number; give a finite number such as 1.5"
        )
    return value


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
            value = float(text)
        except ValueError:
            raise UsageError(
                f"{option} {item!r}: value {text!r} is not a number"
            ) from None
        if not math.isfinite(value):
            raise UsageError(
                f"{option} {item!r}: value {text!r} is not finite; give a finite "
                "number such as 1.5"
            )
        values[name.strip()] = value
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
