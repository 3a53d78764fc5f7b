r"""Minimal excitatory-inhibitory motif with second-order synapses (NMM1).

With the alpha-synapse operator
:math:`L_a = (\tau_a^2 d^2/dt^2 + 2\tau_a\,d/dt + 1)/\gamma_a`:

.. math::

    L_x[x] = \sigma(-w_{xy} y + P_x + F + c)

    L_y[y] = \sigma(w_{yx} x + P_y)

with the logistic ``sigma(u) = 1 / (1 + exp(-u))`` (slope 1, maximum 1) and
no self-coupling. The constant drives ``P_x`` and ``P_y`` shift the two
sigmoids, ``sigma_x(u) = sigma(u + P_x)`` and ``sigma_y(u) = sigma(u + P_y)``
in the notation of the unshifted motif. External forcing ``F`` and the
additive E -> E network input ``c`` enter inside the excitatory sigmoid; a
node sends ``x``. Each second-order equation is split into first-order ones
with the states ``x_dot = dx/dt`` and ``y_dot = dy/dt``. Time is in ms.

Linearised at a fixed point, the characteristic equation is
``(tau_x s + 1)**2 (tau_y s + 1)**2 + k = 0`` with the loop gain
``k = gamma_x gamma_y w_xy w_yx sigma'(u_x) sigma'(u_y)``, where ``u_x`` and
``u_y`` are the sigmoid arguments. A Hopf point lies exactly at
``k_H = (tau_x + tau_y)**2 / (tau_x tau_y)`` with angular frequency
``omega_H = 1 / sqrt(tau_x tau_y)``.

Defaults: ``tau_x = 1/a = 10 ms`` and ``tau_y = 1/b = 20 ms`` are the
synaptic time constants of Jansen and Rit (1995). The logistic, the weights
``w_xy = w_yx = 12`` and ``P_y = -6`` are those of the Wilson-Cowan reference
set A of Castaldo et al. (2025). ``gamma_x = gamma_y = 1`` and ``P_x = 6``
are choices of this package. Then ``k_H = 4.5`` and ``omega_H`` corresponds to
11.25 Hz (alpha band). ``P_x`` is the bifurcation parameter: at the default
``P_x = 6`` both sigmoids sit at their midpoints, ``x* = y* = 0.5`` and
``k = 9 > k_H``, so the fixed point is unstable, and a simulation settles on a
limit cycle of about 11.3 Hz. ``k`` falls to ``k_H`` at two Hopf points,
``P_x = 1.3702`` and ``P_x = 10.6298`` (computed by this package, symmetric
about 6).

Sources: Jansen and Rit (1995), Biol. Cybern. 73:357-366; Wilson and Cowan
(1972), Biophys. J. 12:1-24; Castaldo et al. (2025), "Rosetta Stone of
Neural Mass Models", arXiv:2512.10982 (the motif and its loop gain).
"""

from __future__ import annotations

from rosetta_sym.model import (
    Coupling,
    Input,
    Model,
    Parameter,
    Reference,
    State,
    define_function,
    logistic,
    second_order_synapse,
)
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def build() -> Model:
    """Build the minimal E-I motif rung."""
    x, y = real_symbols("x y")
    tau_x, tau_y, gamma_x, gamma_y = real_symbols("tau_x tau_y gamma_x gamma_y")
    w_xy, w_yx, P_x, P_y = real_symbols("w_xy w_yx P_x P_y")
    F, c, u = real_symbols("F c u")
    sigma = define_function("sigma", "u", logistic(u))

    equations = {}
    equations.update(
        second_order_synapse(
            "x", "x_dot", sigma(-w_xy * y + P_x + F + c), gain=gamma_x, tau=tau_x
        )
    )
    equations.update(
        second_order_synapse(
            "y", "y_dot", sigma(w_yx * x + P_y), gain=gamma_y, tau=tau_y
        )
    )
    return Model(
        "ei_motif",
        states=[
            State("x", 0.4, "excitatory activity"),
            State("x_dot", 0.0, "time derivative of x (1/ms)"),
            State("y", 0.5, "inhibitory activity"),
            State("y_dot", 0.0, "time derivative of y (1/ms)"),
        ],
        parameters=[
            Parameter(
                "tau_x", 10.0, "ms", (0, None), "excitatory synaptic time constant"
            ),
            Parameter(
                "tau_y", 20.0, "ms", (0, None), "inhibitory synaptic time constant"
            ),
            Parameter("gamma_x", 1.0, "1", (0, None), "excitatory synaptic gain"),
            Parameter("gamma_y", 1.0, "1", (0, None), "inhibitory synaptic gain"),
            Parameter("w_xy", 12.0, "1", (0, None), "I -> E weight"),
            Parameter("w_yx", 12.0, "1", (0, None), "E -> I weight"),
            Parameter("P_x", 6.0, "1", description="constant drive to E"),
            Parameter("P_y", -6.0, "1", description="constant drive to I"),
        ],
        functions=[sigma],
        equations=equations,
        inputs=[
            Input("F", "external forcing inside the excitatory sigmoid"),
            Input("c", "network input inside the excitatory sigmoid"),
        ],
        outputs={"x": x, "y": y},
        coupling=Coupling("additive", (x,), ("c",)),
        time_unit="ms",
        references=[
            Reference(
                "Jansen, B. H. and Rit, V. G.",
                1995,
                "Electroencephalogram and visual evoked potential generation in a "
                "mathematical model of coupled cortical columns",
            ),
            Reference(
                "Wilson, H. R. and Cowan, J. D.",
                1972,
                "Excitatory and inhibitory interactions in localized populations "
                "of model neurons",
            ),
            Reference(
                "Castaldo, F., de Palma Aristides, R., Clusella, P., "
                "Garcia-Ojalvo, J. and Ruffini, G.",
                2025,
                "Rosetta Stone of Neural Mass Models",
            ),
        ],
        description="E-I push-pull through two second-order synapses, no self-coupling",
    )
