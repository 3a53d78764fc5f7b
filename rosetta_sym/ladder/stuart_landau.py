r"""Stuart-Landau oscillator, the normal form of a Hopf bifurcation.

In complex form :math:`\dot z = (\alpha + i\omega) z - (\gamma + i\beta)|z|^2 z + F`,
written here in real coordinates ``z = x + i y``:

.. math::

    \dot x = \alpha x - \omega y - (\gamma x - \beta y)(x^2 + y^2) + F_x + c_x

    \dot y = \omega x + \alpha y - (\beta x + \gamma y)(x^2 + y^2) + F_y + c_y

``alpha`` is the bifurcation parameter. For ``gamma > 0`` the Hopf point at
``alpha = 0`` is supercritical and the limit cycle has radius
``sqrt(alpha / gamma)`` and angular frequency ``omega - beta * alpha / gamma``.
Time is dimensionless. Forcing ``F = F_x + i F_y`` is additive; network coupling
is diffusive on both components through ``c_x`` and ``c_y``.

Sources: Kuramoto (1984), *Chemical Oscillations, Waves, and Turbulence*;
Kuznetsov (2004), *Elements of Applied Bifurcation Theory*, section 3.5.
Default values (alpha = 1, omega = 2 pi, gamma = 1, beta = 0) give a unit
cycle at one rotation per time unit.
"""

from __future__ import annotations

import sympy as sp

from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def build() -> Model:
    """Build the Stuart-Landau rung."""
    x, y = real_symbols("x y")
    alpha, omega, gamma, beta = real_symbols("alpha omega gamma beta")
    F_x, F_y, c_x, c_y = real_symbols("F_x F_y c_x c_y")
    r2 = x**2 + y**2
    return Model(
        "stuart_landau",
        states=[
            State("x", 0.1, "real part of z"),
            State("y", 0.0, "imaginary part of z"),
        ],
        parameters=[
            Parameter("alpha", 1.0, "1", description="distance from the Hopf point"),
            Parameter(
                "omega", 2 * float(sp.pi), "rad", description="angular frequency"
            ),
            Parameter("gamma", 1.0, "1", description="cubic saturation"),
            Parameter(
                "beta", 0.0, "1", description="shear (amplitude-dependent frequency)"
            ),
        ],
        equations={
            "x": alpha * x - omega * y - (gamma * x - beta * y) * r2 + F_x + c_x,
            "y": omega * x + alpha * y - (beta * x + gamma * y) * r2 + F_y + c_y,
        },
        inputs=[
            Input("F_x", "external forcing, real part"),
            Input("F_y", "external forcing, imaginary part"),
            Input("c_x", "network coupling, real part"),
            Input("c_y", "network coupling, imaginary part"),
        ],
        outputs={"x": x, "amplitude": sp.sqrt(r2)},
        coupling=Coupling("diffusive", (x, y), ("c_x", "c_y")),
        forcing_input="F_x",
        time_unit="1",
        references=[
            Reference(
                "Kuramoto, Y.", 1984, "Chemical Oscillations, Waves, and Turbulence"
            ),
            Reference(
                "Kuznetsov, Y. A.", 2004, "Elements of Applied Bifurcation Theory"
            ),
        ],
        description="Hopf normal form: a self-sustained oscillator with saturation",
    )
