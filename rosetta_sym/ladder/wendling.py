r"""Wendling model: a Jansen-Rit column with fast somatic inhibition (NMM1).

With :math:`L_a = d^2/dt^2 + 2a\,d/dt + a^2`, in the form of Wendling et al.
(2002):

.. math::

    L_a[y_0] = A a \sigma(y_1 - y_2 - y_3)

    L_a[y_1] = A a (p + F + c + C_2 \sigma(C_1 y_0))

    L_b[y_2] = B b C_4 \sigma(C_3 y_0)

    L_g[y_3] = G g C_7 \sigma(C_5 y_0 - C_6 y_4)

    L_b[y_4] = B b \sigma(C_3 y_0)

    \sigma(v) = 2 e_0 / (1 + \exp(r (v_0 - v)))

with C1 = C, C2 = 0.8 C, C3 = C4 = 0.25 C, C5 = 0.3 C, C6 = 0.1 C,
C7 = 0.8 C. ``y0`` is the output of the pyramidal cells. On the pyramidal
cells, ``y1`` is the EPSP, ``y2`` the slow (dendritic) IPSP and ``y3`` the
fast (somatic) IPSP. ``y4`` is the PSP of the slow-to-fast inhibitory
projection, and ``y5 ... y9`` are the time derivatives of ``y0 ... y4``. The
EEG-like output is ``y1 - y2 - y3`` (mV). Time is in seconds. External
forcing ``F`` and the network input ``c`` add to the input rate ``p``
(pulses/s). In a network a node sends its pyramidal firing rate
``sigma(y1 - y2 - y3)``.

Source of the equations and every parameter value: Wendling, Bartolomei,
Bellanger and Chauvel (2002), Eur. J. Neurosci. 15:1499-1508: A = 3.25 mV,
B = 22 mV, G = 10 mV, a = 100 /s, b = 50 /s, g = 500 /s, C = 135,
e0 = 2.5 /s, r = 0.56 /mV, v0 = 6 mV, and p = 90 /s, the mean of the
Gaussian input rate of that paper. A, B, a, b, C, e0, r and v0 are the values
of Jansen and Rit (1995).
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
    """Build the Wendling rung."""
    y0, y1, y2, y3, y4 = real_symbols("y0 y1 y2 y3 y4")
    A, B, G, a, b, g = real_symbols("A B G a b g")
    C, e0, r, v0, p = real_symbols("C e0 r v0 p")
    F, c, v = real_symbols("F c v")
    sigma = define_function("sigma", "v", 2 * e0 * logistic(r * (v - v0)))
    C1, C2, C3, C4 = C, sp.Rational(4, 5) * C, C / 4, C / 4
    C5, C6, C7 = sp.Rational(3, 10) * C, C / 10, sp.Rational(4, 5) * C

    pyramidal_rate = sigma(y1 - y2 - y3)
    equations = {}
    equations.update(
        second_order_synapse("y0", "y5", pyramidal_rate, gain=A * a, rate=a)
    )
    equations.update(
        second_order_synapse(
            "y1", "y6", p + F + c + C2 * sigma(C1 * y0), gain=A * a, rate=a
        )
    )
    equations.update(
        second_order_synapse("y2", "y7", C4 * sigma(C3 * y0), gain=B * b, rate=b)
    )
    equations.update(
        second_order_synapse(
            "y3", "y8", C7 * sigma(C5 * y0 - C6 * y4), gain=G * g, rate=g
        )
    )
    equations.update(
        second_order_synapse("y4", "y9", sigma(C3 * y0), gain=B * b, rate=b)
    )
    return Model(
        "wendling",
        states=[
            State("y0", 0.0, "pyramidal output PSP (mV)"),
            State("y1", 15.0, "excitatory PSP on pyramidal cells (mV)"),
            State(
                "y2", 10.0, "slow inhibitory (dendritic) PSP on pyramidal cells (mV)"
            ),
            State("y3", 1.0, "fast inhibitory (somatic) PSP on pyramidal cells (mV)"),
            State("y4", 0.0, "slow inhibitory PSP on fast interneurons (mV)"),
            State("y5", 0.0, "time derivative of y0 (mV/s)"),
            State("y6", 0.0, "time derivative of y1 (mV/s)"),
            State("y7", 0.0, "time derivative of y2 (mV/s)"),
            State("y8", 0.0, "time derivative of y3 (mV/s)"),
            State("y9", 0.0, "time derivative of y4 (mV/s)"),
        ],
        parameters=[
            Parameter("A", 3.25, "mV", (0, None), "excitatory PSP amplitude"),
            Parameter("B", 22.0, "mV", (0, None), "slow inhibitory PSP amplitude"),
            Parameter("G", 10.0, "mV", (0, None), "fast inhibitory PSP amplitude"),
            Parameter("a", 100.0, "1/s", (0, None), "excitatory synaptic rate"),
            Parameter("b", 50.0, "1/s", (0, None), "slow inhibitory synaptic rate"),
            Parameter("g", 500.0, "1/s", (0, None), "fast inhibitory synaptic rate"),
            Parameter("C", 135.0, "1", (0, None), "connectivity scale"),
            Parameter("e0", 2.5, "1/s", (0, None), "half of the maximum firing rate"),
            Parameter("r", 0.56, "1/mV", (0, None), "sigmoid slope"),
            Parameter("v0", 6.0, "mV", description="firing threshold"),
            Parameter("p", 90.0, "1/s", description="external input rate"),
        ],
        functions=[sigma],
        equations=equations,
        inputs=[
            Input("F", "external forcing added to p (1/s)"),
            Input("c", "network input added to p (1/s)"),
        ],
        outputs={"v_pyr": y1 - y2 - y3},
        coupling=Coupling("additive", (pyramidal_rate,), ("c",)),
        time_unit="s",
        references=[
            Reference(
                "Wendling, F., Bartolomei, F., Bellanger, J. J. and Chauvel, P.",
                2002,
                "Epileptic fast activity can be explained by a model of impaired "
                "GABAergic dendritic inhibition",
            ),
            Reference(
                "Jansen, B. H. and Rit, V. G.",
                1995,
                "Electroencephalogram and visual evoked potential generation in a "
                "mathematical model of coupled cortical columns",
            ),
        ],
        description="Cortical column with slow dendritic and fast somatic inhibition",
    )
