r"""Undamped harmonic oscillator (the phase-only rung in Cartesian form).

In complex form :math:`\dot z = i\omega z + F` with ``z = x + i y``:

.. math::

    \dot x = -\omega y + F_x + c_x

    \dot y = \omega x + F_y + c_y

The origin is a centre (eigenvalues ``+-i omega``). A constant forcing
``F = F_x + i F_y`` moves the centre to ``z* = i F / omega``, that is
``(x*, y*) = (-F_y / omega, F_x / omega)``. Network coupling is diffusive on
both components through ``c_x`` and ``c_y``.

Time is dimensionless; ``omega`` is in rad per time unit. The default
``omega = 2 pi`` (one cycle per time unit) is a choice of this package, the
same as for the Stuart-Landau rung.

Sources: Strogatz (1994), *Nonlinear Dynamics and Chaos*, section 5.1 (linear
systems); Castaldo et al. (2025), "Rosetta Stone of Neural Mass Models",
arXiv:2512.10982 (the forced and networked forms).
"""

from __future__ import annotations

import sympy as sp

from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def build() -> Model:
    """Build the undamped harmonic oscillator rung."""
    x, y = real_symbols("x y")
    (omega,) = real_symbols("omega")
    F_x, F_y, c_x, c_y = real_symbols("F_x F_y c_x c_y")
    return Model(
        "harmonic_oscillator",
        states=[
            State("x", 1.0, "real part of z"),
            State("y", 0.0, "imaginary part of z"),
        ],
        parameters=[
            Parameter(
                "omega", 2 * float(sp.pi), "rad", description="angular frequency"
            ),
        ],
        equations={
            "x": -omega * y + F_x + c_x,
            "y": omega * x + F_y + c_y,
        },
        inputs=[
            Input("F_x", "external forcing, real part"),
            Input("F_y", "external forcing, imaginary part"),
            Input("c_x", "network coupling, real part"),
            Input("c_y", "network coupling, imaginary part"),
        ],
        outputs={"x": x, "amplitude": sp.sqrt(x**2 + y**2)},
        coupling=Coupling("diffusive", (x, y), ("c_x", "c_y")),
        forcing_input="F_x",
        time_unit="1",
        references=[
            Reference("Strogatz, S. H.", 1994, "Nonlinear Dynamics and Chaos"),
            Reference(
                "Castaldo, F., de Palma Aristides, R., Clusella, P., "
                "Garcia-Ojalvo, J. and Ruffini, G.",
                2025,
                "Rosetta Stone of Neural Mass Models",
            ),
        ],
        description="Linear oscillator without damping: a centre at the origin",
    )
