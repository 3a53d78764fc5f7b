"""Sweep grids: axes parsed from ``NAME=START:STOP:NUM`` and checked against a model.

An axis is a model parameter, the global coupling ``G`` or the conduction
velocity ``velocity``. Grid points are numbered in C order (the last axis
varies fastest); that flat index keys chunks, seeds and stored results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rosetta_sym.model import Model

__all__ = [
    "COUPLING_AXIS",
    "VELOCITY_AXIS",
    "Grid",
    "GridAxis",
    "GridError",
    "parse_axis",
    "parse_grid",
]

#: Axis name of the global coupling gain G (dimensionless, >= 0).
COUPLING_AXIS = "G"

#: Axis name of the conduction velocity (tract-length unit per model time unit).
VELOCITY_AXIS = "velocity"

_EXAMPLE = "such as G=0:0.5:11 or p=120:320:21"


class GridError(ValueError):
    """Invalid grid specification or an axis that the model cannot sweep."""


@dataclass(frozen=True)
class GridAxis:
    """One grid axis: a name and its values in sweep order."""

    name: str
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.values:
            raise GridError(f"grid axis {self.name!r} has no values; give at least one")

    @property
    def size(self) -> int:
        """Number of values on the axis."""
        return len(self.values)

    def spec(self) -> str:
        """Return a text form that :func:`parse_axis` reads back to this axis."""
        return f"{self.name}=" + ",".join(repr(v) for v in self.values)


def parse_axis(text: str) -> GridAxis:
    """Parse one axis specification.

    Parameters
    ----------
    text : str
        ``NAME=START:STOP:NUM`` for ``NUM`` evenly spaced values from ``START``
        to ``STOP`` inclusive (as ``numpy.linspace``), or ``NAME=V1,V2,...`` for
        explicit values.

    Returns
    -------
    GridAxis

    Raises
    ------
    GridError
        When the text is malformed, a number is invalid or not finite, or
        ``NUM`` is not a positive integer.
    """
    name, sep, body = text.partition("=")
    name = name.strip()
    body = body.strip()
    if not sep or not name or not body:
        raise GridError(
            f"grid {text!r}: expected NAME=START:STOP:NUM or NAME=V1,V2,..., {_EXAMPLE}"
        )
    if ":" in body:
        parts = body.split(":")
        if len(parts) != 3:
            raise GridError(
                f"grid {text!r}: a range needs exactly START:STOP:NUM "
                f"(three fields, got {len(parts)}), {_EXAMPLE}"
            )
        start = _number(parts[0], text, "START")
        stop = _number(parts[1], text, "STOP")
        count = _count(parts[2], text)
        if count == 1 and start != stop:
            raise GridError(
                f"grid {text!r}: NUM=1 with START != STOP is ambiguous; "
                "give NUM >= 2 or a single value NAME=V"
            )
        values = np.linspace(start, stop, count)
    else:
        values = np.array([_number(part, text, "value") for part in body.split(",")])
    return GridAxis(name, tuple(float(v) for v in values))


def _number(field: str, text: str, role: str) -> float:
    try:
        value = float(field)
    except ValueError:
        raise GridError(
            f"grid {text!r}: {role} {field.strip()!r} is not a number"
        ) from None
    if not math.isfinite(value):
        raise GridError(f"grid {text!r}: {role} {field.strip()!r} is not finite")
    return value


def _count(field: str, text: str) -> int:
    try:
        count = int(field)
    except ValueError:
        raise GridError(
            f"grid {text!r}: NUM {field.strip()!r} is not an integer; "
            "give the number of values, such as 11"
        ) from None
    if count < 1:
        raise GridError(f"grid {text!r}: NUM must be at least 1, got {count}")
    return count


class Grid:
    """A rectangular grid over named axes.

    Parameters
    ----------
    axes : sequence of GridAxis
        The axes, in the order of the result dimensions. Names must be unique.
    """

    def __init__(self, axes: Sequence[GridAxis]) -> None:
        self.axes = tuple(axes)
        if not self.axes:
            raise GridError(
                "a sweep needs at least one grid axis, such as --grid G=0:1:5"
            )
        names = [axis.name for axis in self.axes]
        for name in names:
            if names.count(name) > 1:
                raise GridError(
                    f"grid axis {name!r} is given more than once; give each axis once"
                )

    @property
    def names(self) -> tuple[str, ...]:
        """Axis names in dimension order."""
        return tuple(axis.name for axis in self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of values on each axis."""
        return tuple(axis.size for axis in self.axes)

    @property
    def n_points(self) -> int:
        """Total number of grid points."""
        return int(np.prod(self.shape))

    def axis(self, name: str) -> GridAxis:
        """Return the axis called ``name``."""
        for axis in self.axes:
            if axis.name == name:
                return axis
        raise GridError(f"{name!r} is not a grid axis (axes: {', '.join(self.names)})")

    def point_values(self, flat_indices: Iterable[int]) -> dict[str, np.ndarray]:
        """Return each axis's value at the given flat point indices.

        Parameters
        ----------
        flat_indices : iterable of int
            Flat indices in C order, each in ``[0, n_points)``.

        Returns
        -------
        dict of str to ndarray
            Axis name to an array of shape ``(len(flat_indices),)``.
        """
        flat = np.asarray(list(flat_indices), dtype=np.int64)
        if flat.size and (flat.min() < 0 or flat.max() >= self.n_points):
            raise IndexError(
                f"flat point index out of range [0, {self.n_points}): "
                f"{int(flat.min())}..{int(flat.max())}"
            )
        multi = np.unravel_index(flat, self.shape)
        return {
            axis.name: np.asarray(axis.values, dtype=np.float64)[index]
            for axis, index in zip(self.axes, multi, strict=True)
        }

    def specs(self) -> list[str]:
        """Return the axes as text specifications (used to key stored results)."""
        return [axis.spec() for axis in self.axes]

    def validate(
        self, model: Model, *, has_connectome: bool, has_lengths: bool
    ) -> None:
        """Check that every axis is something the model can sweep.

        Parameters
        ----------
        model : Model
            The swept model.
        has_connectome : bool
            Whether the sweep runs on a network; ``G`` needs one.
        has_lengths : bool
            Whether the connectome has tract lengths; ``velocity`` needs them.

        Raises
        ------
        GridError
            On an unknown axis name or a value that the axis does not accept.
        """
        for axis in self.axes:
            if axis.name == COUPLING_AXIS:
                _check_coupling_axis(axis, model, has_connectome)
            elif axis.name == VELOCITY_AXIS:
                _check_velocity_axis(axis, has_connectome, has_lengths)
            elif axis.name in model.parameter_names:
                parameter = model.parameter(axis.name)
                for value in axis.values:
                    try:
                        parameter.check_value(value)
                    except ValueError as error:
                        raise GridError(f"grid axis {axis.name!r}: {error}") from None
            else:
                raise GridError(
                    f"grid axis {axis.name!r} is not a parameter of model "
                    f"{model.name!r}, nor {COUPLING_AXIS!r} (global coupling) or "
                    f"{VELOCITY_AXIS!r} (conduction velocity); parameters are: "
                    f"{', '.join(model.parameter_names)}"
                )


def _check_coupling_axis(axis: GridAxis, model: Model, has_connectome: bool) -> None:
    if model.coupling is None:
        raise GridError(
            f"grid axis {COUPLING_AXIS!r}: model {model.name!r} declares no network "
            "coupling, so the global coupling cannot be swept"
        )
    if not has_connectome:
        raise GridError(
            f"grid axis {COUPLING_AXIS!r} needs a network; give a connectome, "
            "such as --connectome tvb:76"
        )
    negative = [v for v in axis.values if v < 0]
    if negative:
        raise GridError(
            f"grid axis {COUPLING_AXIS!r}: global coupling must be >= 0, "
            f"got {negative[0]!r}"
        )


def _check_velocity_axis(
    axis: GridAxis, has_connectome: bool, has_lengths: bool
) -> None:
    if not has_connectome or not has_lengths:
        raise GridError(
            f"grid axis {VELOCITY_AXIS!r} needs a connectome with tract lengths, "
            "such as --connectome tvb:76"
        )
    bad = [v for v in axis.values if not v > 0]
    if bad:
        raise GridError(
            f"grid axis {VELOCITY_AXIS!r}: conduction velocity must be > 0, "
            f"got {bad[0]!r}"
        )


def parse_grid(specs: Iterable[str | GridAxis] | Mapping[str, Sequence[float]]) -> Grid:
    """Build a :class:`Grid` from axis specifications.

    Parameters
    ----------
    specs : iterable of str or GridAxis, or mapping of name to values
        Text specifications as read by :func:`parse_axis`, ready axes, or a
        mapping such as ``{"G": [0.0, 0.1], "velocity": [5.0, 10.0]}``.

    Returns
    -------
    Grid
    """
    if isinstance(specs, Mapping):
        axes = [
            GridAxis(str(name), tuple(float(v) for v in np.atleast_1d(values)))
            for name, values in specs.items()
        ]
        for axis in axes:
            for value in axis.values:
                if not math.isfinite(value):
                    raise GridError(f"grid axis {axis.name!r}: {value!r} is not finite")
        return Grid(axes)
    axes = [spec if isinstance(spec, GridAxis) else parse_axis(spec) for spec in specs]
    return Grid(axes)
