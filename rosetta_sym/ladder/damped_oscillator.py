r"""Damped harmonic oscillator, the linearisation of any rung at a stable focus.

In complex form :math:`\dot z = (\alpha + i\omega) z + F` with ``z = x + i y``:

.. math::

    \dot x = \alpha x - \omega y + F_x + c_x

    \dot y = \omega x + \alpha y + F_y + c_y

The Jacobian ``[[alpha, -omega], [omega, alpha]]`` has eigenvalues
``alpha +- i omega``: a stable focus for ``alpha < 0`` with decay time
``-1 / alpha``. A constant forcing ``F`` moves the focus to
``z* = -F / (alpha + i omega)``; a forcing ``F0 exp(i Omega t)`` gives the
steady amplitude ``|F0| / sqrt(alpha**2 + (Omega - omega)**2)``, a
Lorentzian power spectrum of half width ``|alpha|``. Network coupling is
diffusive on both components through ``c_x`` and ``c_y``.

Time is dimensionless. The defaults ``omega = 2 pi`` (one cycle per time
unit) and ``alpha = -0.5`` (decay time 2) are choices of this package.

Sources: Strogatz (1994), *Nonlinear Dynamics and Chaos*, section 5.2;
Castaldo et al. (2025), "Rosetta Stone of Neural Mass Models",
arXiv:2512.10982 (the forced and networked forms).
"""

from __future__ import annotations

import sympy as sp

from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def build() -> Model:
    """Build the damped harmonic oscillator rung."""
    x, y = real_symbols("x y")
    alpha, omega = real_symbols("alpha omega")
    F_x, F_y, c_x, c_y = real_symbols("F_x F_y c_x c_y")
    return Model(
        "damped_oscillator",
        states=[
            State("x", 1.0, "real part of z"),
            State("y", 0.0, "imaginary part of z"),
        ],
        parameters=[
            Parameter("alpha", -0.5, "1", description="damping (growth rate if > 0)"),
            Parameter(
                "omega", 2 * float(sp.pi), "rad", description="angular frequency"
            ),
        ],
        equations={
            "x": alpha * x - omega * y + F_x + c_x,
            "y": omega * x + alpha * y + F_y + c_y,
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
        description="Linear oscillator with damping: a stable focus for alpha < 0",
    )
