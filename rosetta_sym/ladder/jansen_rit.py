r"""Jansen-Rit cortical column (NMM1 family, second-order synapses).

With :math:`L_a = d^2/dt^2 + 2a\,d/dt + a^2`:

.. math::

    L_a[y_0] = A a \sigma(y_1 - y_2)

    L_a[y_1] = A a (p + F + c + C_2 \sigma(C_1 y_0))

    L_b[y_2] = B b C_4 \sigma(C_3 y_0)

    \sigma(v) = 2 e_0 / (1 + \exp(r (v_0 - v)))

with C1 = C, C2 = 0.8 C, C3 = C4 = 0.25 C. The EEG-like output is y1 - y2
(pyramidal membrane potential, mV). Time is in seconds. External forcing F and
the network input c add to the input rate p (pulses/s) of the pyramidal cells.
A node sends its pyramidal firing rate sigma(y1 - y2).

Sources: Jansen and Rit (1995), Biol. Cybern. 73:357-366; parameter values as
in Grimbert and Faugeras (2006), Neural Comput. 18:3052-3068: A = 3.25 mV,
B = 22 mV, a = 100 /s, b = 50 /s, C = 135, e0 = 2.5 /s, r = 0.56 /mV,
v0 = 6 mV, p = 220 /s.
"""

from __future__ import annotations

import sympy as sp

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
    """Build the Jansen-Rit rung."""
    y0, y1, y2 = real_symbols("y0 y1 y2")
    A, B, a, b, C, e0, r, v0, p = real_symbols("A B a b C e0 r v0 p")
    F, c, v = real_symbols("F c v")
    sigma = define_function("sigma", "v", 2 * e0 * logistic(r * (v - v0)))
    C1, C2, C3, C4 = C, sp.Rational(4, 5) * C, C / 4, C / 4

    equations = {}
    equations.update(
        second_order_synapse("y0", "y3", sigma(y1 - y2), gain=A * a, rate=a)
    )
    equations.update(
        second_order_synapse(
            "y1", "y4", p + F + c + C2 * sigma(C1 * y0), gain=A * a, rate=a
        )
    )
    equations.update(
        second_order_synapse("y2", "y5", C4 * sigma(C3 * y0), gain=B * b, rate=b)
    )
    return Model(
        "jansen_rit",
        states=[
            State("y0", 0.0, "pyramidal output PSP (mV)"),
            State("y1", 15.0, "excitatory PSP on pyramidal cells (mV)"),
            State("y2", 10.0, "inhibitory PSP on pyramidal cells (mV)"),
            State("y3", 0.0, "time derivative of y0 (mV/s)"),
            State("y4", 0.0, "time derivative of y1 (mV/s)"),
            State("y5", 0.0, "time derivative of y2 (mV/s)"),
        ],
        parameters=[
            Parameter("A", 3.25, "mV", (0, None), "excitatory PSP amplitude"),
            Parameter("B", 22.0, "mV", (0, None), "inhibitory PSP amplitude"),
            Parameter("a", 100.0, "1/s", (0, None), "excitatory synaptic rate"),
            Parameter("b", 50.0, "1/s", (0, None), "inhibitory synaptic rate"),
            Parameter("C", 135.0, "1", (0, None), "connectivity scale"),
            Parameter("e0", 2.5, "1/s", (0, None), "half of the maximum firing rate"),
            Parameter("r", 0.56, "1/mV", (0, None), "sigmoid slope"),
            Parameter("v0", 6.0, "mV", description="firing threshold"),
            Parameter("p", 220.0, "1/s", description="external input rate"),
        ],
        functions=[sigma],
        equations=equations,
        inputs=[
            Input("F", "external forcing added to p (1/s)"),
            Input("c", "network input added to p (1/s)"),
        ],
        outputs={"v_pyr": y1 - y2},
        coupling=Coupling("additive", (sigma(y1 - y2),), ("c",)),
        time_unit="s",
        references=[
            Reference(
                "Jansen, B. H. and Rit, V. G.",
                1995,
                "Electroencephalogram and visual evoked potential generation in a "
                "mathematical model of coupled cortical columns",
            ),
            Reference(
                "Grimbert, F. and Faugeras, O.",
                2006,
                "Bifurcation analysis of Jansen's neural mass model",
            ),
        ],
        description="Cortical column of pyramidal cells and two interneuron pools",
    )
