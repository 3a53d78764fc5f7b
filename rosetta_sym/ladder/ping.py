r"""PING: excitatory and inhibitory QIF populations (NMM2, gamma rhythm).

Exact mean field (Montbrio, Pazo and Roxin 2015) of an excitatory population
(membrane ``tau_e``, AMPA-like alpha synapse ``tau_a``) and an inhibitory one
(``tau_i``, GABA-like alpha synapse ``tau_g``):

.. math::

    \tau_e \dot r_e = \Delta_e / (\pi \tau_e) + 2 r_e v_e

    \tau_e \dot v_e = v_e^2 + \eta_e + \tau_e (J_{ee} s_e - J_{ei} s_i)
                      + I_e + F + \tau_e c - (\pi \tau_e r_e)^2

    \tau_a \dot s_e = z_e, \qquad \tau_a \dot z_e = r_e - 2 z_e - s_e

    \tau_i \dot r_i = \Delta_i / (\pi \tau_i) + 2 r_i v_i

    \tau_i \dot v_i = v_i^2 + \eta_i + \tau_i (J_{ie} s_e - J_{ii} s_i)
                      + I_i - (\pi \tau_i r_i)^2

    \tau_g \dot s_i = z_i, \qquad \tau_g \dot z_i = r_i - 2 z_i - s_i

Weights are non-negative magnitudes; ``J_nm`` is the weight from population
``m`` to population ``n``. ``I_e`` and ``I_i`` are constant drives
(parameters). The external forcing current ``F`` and the network input ``c``
reach the excitatory population: a node sends ``r_e``, and
``c = G sum_j C_ij r_e,j`` enters like a synaptic input, as ``tau_e c``.
Time is in ms.

Defaults (the preset ``gamma``): tau_e = 15 ms, tau_a = 1 ms, tau_i = 7.5 ms,
tau_g = 5 ms, J_ee = 0, J_ei = 10, J_ie = 60, J_ii = 0,
Delta_e = Delta_i = 1, eta_e = -4, eta_i = -6, I_i = 0, with ``I_e`` as the
bifurcation parameter (sweep 0 to 60) and default I_e = 30. The fixed point
is unstable between two Hopf points near I_e = 6.19 and I_e = 42.77 (computed
by this package from the eigenvalues of the Jacobian), and a simulation at
I_e = 30 settles on an E-I rhythm of about 43 Hz.

This set was chosen for this package because the PING table printed by
Castaldo et al. (2025) gives no oscillation. That table is kept as the preset
``paper_table``: eta_e = eta_i = 0, J_ee = J_ei = J_ie = 1, J_ii = 2,
tau_e = 15 ms, tau_a = 10 ms, tau_i = 7.5 ms, tau_g = 2.5 ms,
Delta_e = Delta_i = 1, and one drive on both populations (I_e = I_i, set
here to 30).

Sources: Montbrio, Pazo and Roxin (2015), Phys. Rev. X 5:021028; Borgers and
Kopell (2003), Neural Comput. 15:509-538 (the PING mechanism); Castaldo et
al. (2025), "Rosetta Stone of Neural Mass Models", arXiv:2512.10982 (the
equations and the table).
"""

from __future__ import annotations

from rosetta_sym.ladder._qif import alpha_synapse, qif_potential, qif_rate
from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]

#: Default parameter set, with an E-I gamma rhythm (see the module docstring).
GAMMA = {
    "tau_e": 15.0,
    "tau_a": 1.0,
    "tau_i": 7.5,
    "tau_g": 5.0,
    "J_ee": 0.0,
    "J_ei": 10.0,
    "J_ie": 60.0,
    "J_ii": 0.0,
    "Delta_e": 1.0,
    "Delta_i": 1.0,
    "eta_e": -4.0,
    "eta_i": -6.0,
    "I_e": 30.0,
    "I_i": 0.0,
}

#: The PING table printed by Castaldo et al. (2025); it gives no oscillation.
PAPER_TABLE = {
    "tau_e": 15.0,
    "tau_a": 10.0,
    "tau_i": 7.5,
    "tau_g": 2.5,
    "J_ee": 1.0,
    "J_ei": 1.0,
    "J_ie": 1.0,
    "J_ii": 2.0,
    "Delta_e": 1.0,
    "Delta_i": 1.0,
    "eta_e": 0.0,
    "eta_i": 0.0,
    "I_e": 30.0,
    "I_i": 30.0,
}

_DESCRIPTIONS = {
    "tau_e": ("ms", "excitatory membrane time constant"),
    "tau_a": ("ms", "excitatory (AMPA-like) synaptic time constant"),
    "tau_i": ("ms", "inhibitory membrane time constant"),
    "tau_g": ("ms", "inhibitory (GABA-like) synaptic time constant"),
    "J_ee": ("1", "E -> E weight"),
    "J_ei": ("1", "I -> E weight"),
    "J_ie": ("1", "E -> I weight"),
    "J_ii": ("1", "I -> I weight"),
    "Delta_e": ("1", "half width of the excitatory excitabilities"),
    "Delta_i": ("1", "half width of the inhibitory excitabilities"),
    "eta_e": ("1", "centre of the excitatory excitabilities"),
    "eta_i": ("1", "centre of the inhibitory excitabilities"),
    "I_e": ("1", "constant input current to E"),
    "I_i": ("1", "constant input current to I"),
}

#: Parameters that may take any sign; the others are non-negative.
_SIGNED = {"eta_e", "eta_i", "I_e", "I_i"}


def _parameters() -> list[Parameter]:
    return [
        Parameter(
            name,
            value,
            _DESCRIPTIONS[name][0],
            None if name in _SIGNED else (0, None),
            _DESCRIPTIONS[name][1],
        )
        for name, value in GAMMA.items()
    ]


def build() -> Model:
    """Build the PING rung (gamma parameter set)."""
    r_e, v_e, s_e, r_i, v_i, s_i = real_symbols("r_e v_e s_e r_i v_i s_i")
    tau_e, tau_a, tau_i, tau_g = real_symbols("tau_e tau_a tau_i tau_g")
    J_ee, J_ei, J_ie, J_ii = real_symbols("J_ee J_ei J_ie J_ii")
    Delta_e, Delta_i, eta_e, eta_i, I_e, I_i = real_symbols(
        "Delta_e Delta_i eta_e eta_i I_e I_i"
    )
    F, c = real_symbols("F c")
    current_e = tau_e * (J_ee * s_e - J_ei * s_i) + I_e + F + tau_e * c
    current_i = tau_i * (J_ie * s_e - J_ii * s_i) + I_i

    equations = {
        "r_e": qif_rate(r_e, v_e, tau_e, Delta_e),
        "v_e": qif_potential(r_e, v_e, tau_e, eta_e, current_e),
    }
    equations.update(alpha_synapse("s_e", "z_e", r_e, tau_a))
    equations["r_i"] = qif_rate(r_i, v_i, tau_i, Delta_i)
    equations["v_i"] = qif_potential(r_i, v_i, tau_i, eta_i, current_i)
    equations.update(alpha_synapse("s_i", "z_i", r_i, tau_g))
    return Model(
        "ping",
        states=[
            State("r_e", 0.05, "excitatory firing rate (1/ms)"),
            State("v_e", -1.0, "excitatory mean membrane potential"),
            State("s_e", 0.05, "excitatory synaptic activation (1/ms)"),
            State("z_e", 0.0, "tau_a ds_e/dt (1/ms)"),
            State("r_i", 0.05, "inhibitory firing rate (1/ms)"),
            State("v_i", -1.0, "inhibitory mean membrane potential"),
            State("s_i", 0.05, "inhibitory synaptic activation (1/ms)"),
            State("z_i", 0.0, "tau_g ds_i/dt (1/ms)"),
        ],
        parameters=_parameters(),
        equations=equations,
        inputs=[
            Input("F", "external forcing current to E"),
            Input("c", "network input rate to E, enters as tau_e*c (1/ms)"),
        ],
        outputs={"r_e": r_e, "r_i": r_i},
        coupling=Coupling("additive", (r_e,), ("c",)),
        time_unit="ms",
        presets={"gamma": GAMMA, "paper_table": PAPER_TABLE},
        references=[
            Reference(
                "Montbrio, E., Pazo, D. and Roxin, A.",
                2015,
                "Macroscopic description for networks of spiking neurons",
            ),
            Reference(
                "Borgers, C. and Kopell, N.",
                2003,
                "Synchronization in networks of excitatory and inhibitory neurons "
                "with sparse, random connectivity",
            ),
            Reference(
                "Castaldo, F., de Palma Aristides, R., Clusella, P., "
                "Garcia-Ojalvo, J. and Ruffini, G.",
                2025,
                "Rosetta Stone of Neural Mass Models",
            ),
        ],
        description="Excitatory and inhibitory QIF populations with alpha synapses",
    )
