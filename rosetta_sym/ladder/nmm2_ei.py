r"""General E-I form of the exact QIF mean field (NMM2), one synapse per connection.

Per population ``n`` in {e, i}, in the dimensional form of Montbrio, Pazo and
Roxin (2015), with a first-order synapse ``s_nm`` for every connection from
population ``m`` to population ``n``:

.. math::

    \tau_n \dot r_n = \Delta_n / (\pi \tau_n) + 2 r_n v_n

    \tau_n \dot v_n = v_n^2 + \eta_n + \tau_n \sum_m \pm J_{nm} s_{nm}
                      + I_n + F_n - (\pi \tau_n r_n)^2

    \tau_{s,nm} \dot s_{nm} = -s_{nm} + r_m

The sign is ``+`` for excitatory (``m = e``) and ``-`` for inhibitory
(``m = i``) connections; weights ``J_nm >= 0`` are magnitudes. With
``tau_n = 1`` this is the multi-population form
``dv_n/dt = v_n**2 - pi**2 r_n**2 + eta_n + F_n + sum_m C_nm s_nm`` of
Castaldo et al. (2025). Because each connection has its own synapse, a
network can delay each connection separately. ``I_e`` and ``I_i`` are constant
drives (parameters); ``F_e`` and ``F_i`` are external forcing currents. The
network input ``c`` reaches the excitatory population: a node sends ``r_e``,
and ``c = G sum_j C_ij r_e,j`` enters like a synaptic input, as ``tau_e c``.
Time is in ms.

Defaults: the membrane time constants, weights, excitabilities and drives of
the PING gamma set of this package (tau_e = 15 ms, tau_i = 7.5 ms,
J_ee = 0, J_ei = 10, J_ie = 60, J_ii = 0, Delta_e = Delta_i = 1,
eta_e = -4, eta_i = -6, I_e = 30, I_i = 0), with first-order synapses of the
same time constants as the PING alpha synapses: 1 ms from E
(``tau_s_ee``, ``tau_s_ie``) and 5 ms from I (``tau_s_ei``, ``tau_s_ii``).
With these values the fixed point loses stability at a Hopf point near
``I_e = 6.42`` (about 23 Hz) and stays unstable up to ``I_e = 60``, as found
by this package from the eigenvalues of the Jacobian. At the default
``I_e = 30`` a simulation settles on an E-I rhythm of about 60 Hz.

Sources: Montbrio, Pazo and Roxin (2015), Phys. Rev. X 5:021028; Devalle,
Roxin and Montbrio (2017), PLoS Comput. Biol. 13:e1005881 (first-order
synapses); Castaldo et al. (2025), "Rosetta Stone of Neural Mass Models",
arXiv:2512.10982 (the multi-population form).
"""

from __future__ import annotations

from rosetta_sym.ladder._qif import exponential_synapse, qif_potential, qif_rate
from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def _parameters() -> list[Parameter]:
    positive = (0, None)
    return [
        Parameter("tau_e", 15.0, "ms", positive, "excitatory membrane time constant"),
        Parameter("tau_i", 7.5, "ms", positive, "inhibitory membrane time constant"),
        Parameter("tau_s_ee", 1.0, "ms", positive, "synaptic time constant E -> E"),
        Parameter("tau_s_ei", 5.0, "ms", positive, "synaptic time constant I -> E"),
        Parameter("tau_s_ie", 1.0, "ms", positive, "synaptic time constant E -> I"),
        Parameter("tau_s_ii", 5.0, "ms", positive, "synaptic time constant I -> I"),
        Parameter("J_ee", 0.0, "1", positive, "E -> E weight"),
        Parameter("J_ei", 10.0, "1", positive, "I -> E weight"),
        Parameter("J_ie", 60.0, "1", positive, "E -> I weight"),
        Parameter("J_ii", 0.0, "1", positive, "I -> I weight"),
        Parameter("Delta_e", 1.0, "1", positive, "half width of E excitabilities"),
        Parameter("Delta_i", 1.0, "1", positive, "half width of I excitabilities"),
        Parameter("eta_e", -4.0, "1", description="centre of E excitabilities"),
        Parameter("eta_i", -6.0, "1", description="centre of I excitabilities"),
        Parameter("I_e", 30.0, "1", description="constant input current to E"),
        Parameter("I_i", 0.0, "1", description="constant input current to I"),
    ]


def build() -> Model:
    """Build the general E-I rung with one first-order synapse per connection."""
    r_e, v_e, r_i, v_i = real_symbols("r_e v_e r_i v_i")
    s_ee, s_ei, s_ie, s_ii = real_symbols("s_ee s_ei s_ie s_ii")
    tau_e, tau_i = real_symbols("tau_e tau_i")
    tau_s_ee, tau_s_ei, tau_s_ie, tau_s_ii = real_symbols(
        "tau_s_ee tau_s_ei tau_s_ie tau_s_ii"
    )
    J_ee, J_ei, J_ie, J_ii = real_symbols("J_ee J_ei J_ie J_ii")
    Delta_e, Delta_i, eta_e, eta_i, I_e, I_i = real_symbols(
        "Delta_e Delta_i eta_e eta_i I_e I_i"
    )
    F_e, F_i, c = real_symbols("F_e F_i c")
    current_e = tau_e * (J_ee * s_ee - J_ei * s_ei) + I_e + F_e + tau_e * c
    current_i = tau_i * (J_ie * s_ie - J_ii * s_ii) + I_i + F_i

    equations = {
        "r_e": qif_rate(r_e, v_e, tau_e, Delta_e),
        "v_e": qif_potential(r_e, v_e, tau_e, eta_e, current_e),
        "r_i": qif_rate(r_i, v_i, tau_i, Delta_i),
        "v_i": qif_potential(r_i, v_i, tau_i, eta_i, current_i),
        "s_ee": exponential_synapse(s_ee, r_e, tau_s_ee),
        "s_ei": exponential_synapse(s_ei, r_i, tau_s_ei),
        "s_ie": exponential_synapse(s_ie, r_e, tau_s_ie),
        "s_ii": exponential_synapse(s_ii, r_i, tau_s_ii),
    }
    return Model(
        "nmm2_ei",
        states=[
            State("r_e", 0.05, "excitatory firing rate (1/ms)"),
            State("v_e", -1.0, "excitatory mean membrane potential"),
            State("r_i", 0.05, "inhibitory firing rate (1/ms)"),
            State("v_i", -1.0, "inhibitory mean membrane potential"),
            State("s_ee", 0.05, "synaptic activation E -> E (1/ms)"),
            State("s_ei", 0.05, "synaptic activation I -> E (1/ms)"),
            State("s_ie", 0.05, "synaptic activation E -> I (1/ms)"),
            State("s_ii", 0.05, "synaptic activation I -> I (1/ms)"),
        ],
        parameters=_parameters(),
        equations=equations,
        inputs=[
            Input("F_e", "external forcing current to E"),
            Input("F_i", "external forcing current to I"),
            Input("c", "network input rate to E, enters as tau_e*c (1/ms)"),
        ],
        outputs={"r_e": r_e, "r_i": r_i},
        coupling=Coupling("additive", (r_e,), ("c",)),
        forcing_input="F_e",
        time_unit="ms",
        references=[
            Reference(
                "Montbrio, E., Pazo, D. and Roxin, A.",
                2015,
                "Macroscopic description for networks of spiking neurons",
            ),
            Reference(
                "Devalle, F., Roxin, A. and Montbrio, E.",
                2017,
                "Firing rate equations require a spike synchrony mechanism to "
                "correctly describe fast oscillations in inhibitory networks",
            ),
            Reference(
                "Castaldo, F., de Palma Aristides, R., Clusella, P., "
                "Garcia-Ojalvo, J. and Ruffini, G.",
                2025,
                "Rosetta Stone of Neural Mass Models",
            ),
        ],
        description="E-I QIF populations with a first-order synapse per connection",
    )
