r"""Phase oscillator, the node of the Kuramoto and Kuramoto-Sakaguchi networks.

.. math::

    \dot\theta = \omega + F + c

``theta`` is the phase (rad) and ``omega`` the natural angular frequency
(rad per time unit). External forcing ``F`` (rad per time unit) is additive.
In a network, the input ``c`` receives the coupling of kind ``"sine"``:

.. math::

    c_i = G \sum_j C_{ij} \sin(\theta_j(t - \tau_{ij}) - \theta_i(t) - \phi)

The phase lag ``phi`` of the Kuramoto-Sakaguchi model is a setting of the
network, not a parameter of the node. Sign convention: the lag is subtracted,
sin(theta_j - theta_i - phi), as in Sakaguchi and Kuramoto (1986); ``phi = 0``
gives the Kuramoto model. All-to-all coupling is ``C_ij = 1/N``. The phase
model has no fixed points.

Time is dimensionless. The default ``omega = 2 pi`` (one cycle per time unit)
is a choice of this package, the same as for the Stuart-Landau rung.

Sources: Kuramoto (1975), "Self-entrainment of a population of coupled
non-linear oscillators", Lecture Notes in Physics 39:420-422; Sakaguchi and
Kuramoto (1986), Prog. Theor. Phys. 76:576-581 (phase lag).
"""

from __future__ import annotations

import sympy as sp

from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def build() -> Model:
    """Build the phase-oscillator rung."""
    (theta,) = real_symbols("theta")
    (omega,) = real_symbols("omega")
    F, c = real_symbols("F c")
    return Model(
        "kuramoto",
        states=[State("theta", 0.0, "phase (rad)")],
        parameters=[
            Parameter(
                "omega",
                2 * float(sp.pi),
                "rad",
                description="natural angular frequency",
            ),
        ],
        equations={"theta": omega + F + c},
        inputs=[
            Input("F", "external forcing added to the phase velocity"),
            Input("c", "network coupling (kind sine) added to the phase velocity"),
        ],
        outputs={"x": sp.cos(theta), "y": sp.sin(theta)},
        coupling=Coupling("sine", (theta,), ("c",)),
        forcing_input="F",
        time_unit="1",
        references=[
            Reference(
                "Kuramoto, Y.",
                1975,
                "Self-entrainment of a population of coupled non-linear oscillators",
            ),
            Reference(
                "Sakaguchi, H. and Kuramoto, Y.",
                1986,
                "A soluble active rotator model showing phase transitions via "
                "mutual entrainment",
            ),
        ],
        description="Phase oscillator; networks of it are Kuramoto(-Sakaguchi) models",
    )
