r"""The master neural mass: membrane rate dynamics driving synaptic filters.

For an excitatory population ``x`` and an inhibitory population ``y``:

.. math::

    \tau_x \dot r_x = -r_x + \sigma(w_{xx} s_x - w_{xy} s_y + P_x + F + c)

    \tau_y \dot r_y = -r_y + \sigma(w_{yx} s_x - w_{yy} s_y + P_y)

    L_x[s_x] = \gamma_x r_x, \qquad L_y[s_y] = \gamma_y r_y

with the logistic ``sigma(u) = 1 / (1 + exp(-(u - theta)))`` and the synaptic
operator ``L = tau_s d/dt + 1`` (first order) or ``L = (tau_s d/dt + 1)^2``
(alpha synapse, second order). Weights are non-negative magnitudes.

Fast synapses (``tau_s << tau``) give Wilson-Cowan, ``s = gamma r``. Fast
membranes (``tau << tau_s``) give ``L[s] = gamma sigma(...)``, the NMM1 motif
of Jansen-Rit type. Replacing ``sigma`` by the exact QIF mean field gives NMM2.
Sources: Wilson and Cowan (1972); Jansen and Rit (1995); Castaldo et al.
(2025), "Rosetta Stone of Neural Mass Models" (the master model and its limits).
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

__all__ = ["master_neural_mass"]


def master_neural_mass(synapse: str = "first", time_unit: str = "1") -> Model:
    """Build the E-I master neural mass with first- or second-order synapses.

    Parameters
    ----------
    synapse : {"first", "second"}
        ``"first"``: ``tau_s s' = -s + gamma r``; ``"second"``: the alpha
        synapse ``tau_s^2 s'' + 2 tau_s s' + s = gamma r`` with the extra states
        ``s_x_dot`` and ``s_y_dot`` (time derivatives).
    time_unit : {"1", "s", "ms"}
        Unit of time of every time constant.

    Returns
    -------
    Model
        States ``r_x, r_y`` (rates) and ``s_x, s_y`` (synaptic activations)
        with, for the second-order form, ``s_x_dot, s_y_dot``; parameters
        ``w_xx, w_xy, w_yx, w_yy, P_x, P_y, tau_x, tau_y`` (membrane),
        ``theta``, ``tau_sx, tau_sy, gamma_x, gamma_y`` (synapses).
    """
    if synapse not in ("first", "second"):
        raise ValueError(f"synapse order {synapse!r} is not 'first' or 'second'")
    r_x, r_y, s_x, s_y = real_symbols("r_x r_y s_x s_y")
    w_xx, w_xy, w_yx, w_yy = real_symbols("w_xx w_xy w_yx w_yy")
    P_x, P_y, tau_x, tau_y, theta = real_symbols("P_x P_y tau_x tau_y theta")
    tau_sx, tau_sy, gamma_x, gamma_y = real_symbols("tau_sx tau_sy gamma_x gamma_y")
    F, c = real_symbols("F c")
    sigma = define_function("sigma", "u", logistic(real_symbols("u")[0] - theta))

    equations = {
        "r_x": (-r_x + sigma(w_xx * s_x - w_xy * s_y + P_x + F + c)) / tau_x,
        "r_y": (-r_y + sigma(w_yx * s_x - w_yy * s_y + P_y)) / tau_y,
    }
    states = [
        State("r_x", 0.1, "excitatory firing rate"),
        State("r_y", 0.1, "inhibitory firing rate"),
        State("s_x", 0.1, "excitatory synaptic activation"),
    ]
    if synapse == "first":
        equations["s_x"] = (gamma_x * r_x - s_x) / tau_sx
        equations["s_y"] = (gamma_y * r_y - s_y) / tau_sy
        states.append(State("s_y", 0.1, "inhibitory synaptic activation"))
    else:
        equations.update(
            second_order_synapse("s_x", "s_x_dot", r_x, gain=gamma_x, tau=tau_sx)
        )
        equations.update(
            second_order_synapse("s_y", "s_y_dot", r_y, gain=gamma_y, tau=tau_sy)
        )
        states += [
            State("s_x_dot", 0.0, "time derivative of s_x"),
            State("s_y", 0.1, "inhibitory synaptic activation"),
            State("s_y_dot", 0.0, "time derivative of s_y"),
        ]
    return Model(
        f"master_neural_mass_{synapse}_order",
        states=states,
        parameters=[
            Parameter("w_xx", 12.0, "1", (0, None), "E -> E weight"),
            Parameter("w_xy", 12.0, "1", (0, None), "I -> E weight"),
            Parameter("w_yx", 12.0, "1", (0, None), "E -> I weight"),
            Parameter("w_yy", 2.0, "1", (0, None), "I -> I weight"),
            Parameter("P_x", 0.0, "1", description="external drive to E"),
            Parameter("P_y", -6.0, "1", description="external drive to I"),
            Parameter("tau_x", 1.0, time_unit, (0, None), "E membrane time constant"),
            Parameter("tau_y", 1.0, time_unit, (0, None), "I membrane time constant"),
            Parameter("theta", 0.0, "1", description="sigmoid threshold"),
            Parameter("tau_sx", 1.0, time_unit, (0, None), "E synaptic time constant"),
            Parameter("tau_sy", 1.0, time_unit, (0, None), "I synaptic time constant"),
            Parameter("gamma_x", 1.0, "1", (0, None), "E synaptic gain"),
            Parameter("gamma_y", 1.0, "1", (0, None), "I synaptic gain"),
        ],
        functions=[sigma],
        equations=equations,
        inputs=[
            Input("F", "external forcing inside the excitatory sigmoid"),
            Input("c", "network input inside the excitatory sigmoid"),
        ],
        outputs={"r_x": r_x, "s_x": s_x},
        coupling=Coupling("additive", (s_x,), ("c",)),
        time_unit=time_unit,
        references=[
            Reference(
                "Castaldo, F., de Palma Aristides, R., Clusella, P., "
                "Garcia-Ojalvo, J. and Ruffini, G.",
                2025,
                "Rosetta Stone of Neural Mass Models",
            ),
        ],
        description="E-I master neural mass: rate dynamics driving synaptic filters",
    )
