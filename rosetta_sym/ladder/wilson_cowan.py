r"""Wilson-Cowan excitatory-inhibitory rate model.

.. math::

    \tau_x \dot x = -x + \sigma(w_{xx} x - w_{xy} y + P_x + F + c)

    \tau_y \dot y = -y + \sigma(w_{yx} x - w_{yy} y + P_y)

with the logistic ``sigma(u) = 1 / (1 + exp(-(u - theta)))`` (slope 1, maximum 1).
Weights are non-negative magnitudes with signs written in the equations.
External forcing ``F`` and the additive excitatory network input ``c`` enter
inside the excitatory sigmoid. Time is in units of ``tau``.

Sources: Wilson and Cowan (1972), Biophys. J. 12:1-24. The reference parameter
sets follow Castaldo et al. (2025), "Rosetta Stone of Neural Mass Models",
arXiv:2512.10982: set ``A`` (the default) has w_xx = w_xy = w_yx = 12, w_yy = 2,
P_y = -6 with P_x the bifurcation parameter; set ``B`` is the same with P_x = 0
and P_y the bifurcation parameter.
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
)
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def build() -> Model:
    """Build the Wilson-Cowan rung (reference parameter set A)."""
    x, y = real_symbols("x y")
    w_xx, w_xy, w_yx, w_yy = real_symbols("w_xx w_xy w_yx w_yy")
    P_x, P_y, tau_x, tau_y, theta = real_symbols("P_x P_y tau_x tau_y theta")
    F, c, u = real_symbols("F c u")
    sigma = define_function("sigma", "u", logistic(u - theta))
    return Model(
        "wilson_cowan",
        states=[
            State("x", 0.1, "excitatory activity"),
            State("y", 0.1, "inhibitory activity"),
        ],
        parameters=[
            Parameter("w_xx", 12.0, "1", (0, None), "E -> E weight"),
            Parameter("w_xy", 12.0, "1", (0, None), "I -> E weight"),
            Parameter("w_yx", 12.0, "1", (0, None), "E -> I weight"),
            Parameter("w_yy", 2.0, "1", (0, None), "I -> I weight"),
            Parameter("P_x", 0.0, "1", description="external drive to E"),
            Parameter("P_y", -6.0, "1", description="external drive to I"),
            Parameter("tau_x", 1.0, "1", (0, None), "E time constant"),
            Parameter("tau_y", 1.0, "1", (0, None), "I time constant"),
            Parameter("theta", 0.0, "1", description="sigmoid threshold"),
        ],
        functions=[sigma],
        equations={
            "x": (-x + sigma(w_xx * x - w_xy * y + P_x + F + c)) / tau_x,
            "y": (-y + sigma(w_yx * x - w_yy * y + P_y)) / tau_y,
        },
        inputs=[
            Input("F", "external forcing inside the excitatory sigmoid"),
            Input("c", "network input inside the excitatory sigmoid"),
        ],
        outputs={"x": x},
        coupling=Coupling("additive", (x,), ("c",)),
        time_unit="1",
        presets={
            "A": {"P_x": 0.0, "P_y": -6.0},
            "B": {"P_x": 0.0, "P_y": -6.0},
        },
        references=[
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
        description="Excitatory-inhibitory rate model with logistic transfer",
    )
