r"""Montbrio-Pazo-Roxin exact mean field of QIF neurons (NMM2), three synapses.

Dimensional form, for a population of quadratic integrate-and-fire neurons
whose excitabilities follow a Lorentzian of centre ``eta`` and half width
``Delta``:

.. math::

    \tau \dot r = \Delta / (\pi \tau) + 2 r v

    \tau \dot v = v^2 + \eta + J \tau s + I + F + \tau c - (\pi \tau r)^2

``r`` is the firing rate (1/ms) and ``v`` the mean membrane potential
(dimensionless). ``I`` is a constant drive, declared as a parameter so that
continuation can follow it, and ``F`` is the external forcing current. In a
network a node sends its rate ``r``. The network input ``c = G sum_j C_ij r_j``
enters like the recurrent input ``J tau s``, so ``G`` has the unit of ``J``.
Three rungs differ in the synaptic activation ``s``:

- ``montbrio_pazo_roxin``: instantaneous, ``s = r``;
- ``montbrio_pazo_roxin_first_order``: ``tau_s ds/dt = -s + r``;
- ``montbrio_pazo_roxin_second_order``: alpha synapse
  ``tau_s ds/dt = z``, ``tau_s dz/dt = r - 2 z - s``.

Fixed points satisfy ``s* = r*`` and ``v* = -Delta / (2 pi tau r*)``, so they
are the same for the three synapses and do not depend on ``tau_s``.

Time is in ms. The default ``tau = 1 ms`` makes time count membrane time
constants, the dimensionless form of Montbrio et al. (2015); bifurcations in
``eta``, ``J``, ``Delta`` and ``I`` do not depend on ``tau``. With
``J = 15``, ``Delta = 1`` and ``eta = -5`` (the values of Montbrio et al.
2015) and instantaneous synapses the model is bistable: a low-activity
stable node coexists with a high-activity stable focus. ``tau_s = 1 ms``
(equal to ``tau``) is a choice of this package.

Sources: Montbrio, Pazo and Roxin (2015), Phys. Rev. X 5:021028; Devalle,
Roxin and Montbrio (2017), PLoS Comput. Biol. 13:e1005881 (synaptic kinetics).
"""

from __future__ import annotations

from rosetta_sym.ladder._qif import (
    alpha_synapse,
    exponential_synapse,
    qif_potential,
    qif_rate,
)
from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build", "build_first_order", "build_second_order"]

_REFERENCES = [
    Reference(
        "Montbrio, E., Pazo, D. and Roxin, A.",
        2015,
        "Macroscopic description for networks of spiking neurons",
    ),
    Reference(
        "Devalle, F., Roxin, A. and Montbrio, E.",
        2017,
        "Firing rate equations require a spike synchrony mechanism to correctly "
        "describe fast oscillations in inhibitory networks",
    ),
]


#: Synapse forms: key of :func:`_build` -> description.
_SYNAPSES = {
    "none": "instantaneous synapses",
    "first": "first-order synapse",
    "second": "second-order (alpha) synapse",
}


def _parameters(with_synapse: bool) -> list[Parameter]:
    parameters = [
        Parameter("tau", 1.0, "ms", (0, None), "membrane time constant"),
        Parameter("Delta", 1.0, "1", (0, None), "half width of the excitabilities"),
        Parameter("eta", -5.0, "1", description="centre of the excitabilities"),
        Parameter("J", 15.0, "1", description="recurrent synaptic weight"),
        Parameter("I", 0.0, "1", description="constant input current"),
    ]
    if with_synapse:
        parameters.append(
            Parameter("tau_s", 1.0, "ms", (0, None), "synaptic time constant")
        )
    return parameters


def _build(name: str, synapse: str) -> Model:
    """Build the rung ``name`` with synapse ``"none"``, ``"first"`` or ``"second"``."""
    r, v, s = real_symbols("r v s")
    tau, Delta, eta, J, tau_s = real_symbols("tau Delta eta J tau_s")
    (I,) = real_symbols("I")  # noqa: E741 - the drive is I in the equations
    F, c = real_symbols("F c")
    activation = r if synapse == "none" else s
    current = J * tau * activation + I + F + tau * c

    equations = {
        "r": qif_rate(r, v, tau, Delta),
        "v": qif_potential(r, v, tau, eta, current),
    }
    states = [
        State("r", 0.1, "firing rate (1/ms)"),
        State("v", -2.0, "mean membrane potential"),
    ]
    if synapse == "first":
        equations["s"] = exponential_synapse(s, r, tau_s)
        states.append(State("s", 0.1, "synaptic activation (1/ms)"))
    elif synapse == "second":
        equations.update(alpha_synapse("s", "z", r, tau_s))
        states += [
            State("s", 0.1, "synaptic activation (1/ms)"),
            State("z", 0.0, "tau_s ds/dt (1/ms)"),
        ]

    return Model(
        name,
        states=states,
        parameters=_parameters(with_synapse=synapse != "none"),
        equations=equations,
        inputs=[
            Input("F", "external forcing current"),
            Input("c", "network input rate, enters as tau*c like J*tau*s (1/ms)"),
        ],
        outputs={"r": r, "v": v},
        coupling=Coupling("additive", (r,), ("c",)),
        time_unit="ms",
        references=_REFERENCES,
        description=f"Exact mean field of QIF neurons, {_SYNAPSES[synapse]}",
    )


def build() -> Model:
    """Build the Montbrio-Pazo-Roxin rung with instantaneous synapses."""
    return _build("montbrio_pazo_roxin", "none")


def build_first_order() -> Model:
    """Build the Montbrio-Pazo-Roxin rung with a first-order synapse."""
    return _build("montbrio_pazo_roxin_first_order", "first")


def build_second_order() -> Model:
    """Build the Montbrio-Pazo-Roxin rung with a second-order (alpha) synapse."""
    return _build("montbrio_pazo_roxin_second_order", "second")
