r"""ING: a population of self-inhibiting QIF interneurons (NMM2, gamma rhythm).

Exact mean field (Montbrio, Pazo and Roxin 2015) with a second-order (alpha)
GABAergic synapse:

.. math::

    \tau_i \dot r = \Delta / (\pi \tau_i) + 2 r v

    \tau_i \dot v = v^2 + \eta - \tau_i J_{ii} s + I + F + \tau_i c
                    - (\pi \tau_i r)^2

    \tau_g \dot s = z, \qquad \tau_g \dot z = r - 2 z - s

``r`` is the firing rate (1/ms), ``v`` the mean membrane potential
(dimensionless), ``s`` the synaptic activation and ``z = tau_g ds/dt``.
``J_ii >= 0`` is the magnitude of the self-inhibition. ``I`` is the constant
drive and the bifurcation parameter, and ``F`` is the external forcing current.
In a network a node sends ``r``. The network input ``c = G sum_j C_ij r_j``
enters like a synaptic input, as ``tau_i c``. Time is in ms.

Defaults, from the ING parameter set of Castaldo et al. (2025): ``eta = 0``,
``J_ii = 20``, ``tau_i = 7.5 ms``, ``tau_g = 2 ms``, ``Delta = 1``, with ``I``
swept over [-20, 100]. A fast inhibitory limit cycle appears and disappears at
two Hopf points, near ``I = 5.32`` (about 55 Hz) and ``I = 76.70`` (about
255 Hz), as found by this package from the eigenvalues of the Jacobian; its
frequency rises with ``I``, so the 30-100 Hz gamma band is its low-``I``
part. The default ``I = 10`` (inside that window, a limit cycle of about
71 Hz in a simulation) is a choice of this package.

Sources: Montbrio, Pazo and Roxin (2015), Phys. Rev. X 5:021028; Devalle,
Roxin and Montbrio (2017), PLoS Comput. Biol. 13:e1005881 (ING in the exact
mean field); Castaldo et al. (2025), "Rosetta Stone of Neural Mass Models",
arXiv:2512.10982 (parameter values).
"""

from __future__ import annotations

from rosetta_sym.ladder._qif import alpha_synapse, qif_potential, qif_rate
from rosetta_sym.model import Coupling, Input, Model, Parameter, Reference, State
from rosetta_sym.model import symbols as real_symbols

__all__ = ["build"]


def build() -> Model:
    """Build the ING rung."""
    r, v, s = real_symbols("r v s")
    tau_i, tau_g, J_ii, Delta, eta = real_symbols("tau_i tau_g J_ii Delta eta")
    (I,) = real_symbols("I")  # noqa: E741 - the drive is I in the equations
    F, c = real_symbols("F c")
    current = -tau_i * J_ii * s + I + F + tau_i * c

    equations = {
        "r": qif_rate(r, v, tau_i, Delta),
        "v": qif_potential(r, v, tau_i, eta, current),
    }
    equations.update(alpha_synapse("s", "z", r, tau_g))
    return Model(
        "ing",
        states=[
            State("r", 0.05, "firing rate (1/ms)"),
            State("v", -1.0, "mean membrane potential"),
            State("s", 0.05, "GABAergic synaptic activation (1/ms)"),
            State("z", 0.0, "tau_g ds/dt (1/ms)"),
        ],
        parameters=[
            Parameter("tau_i", 7.5, "ms", (0, None), "membrane time constant"),
            Parameter(
                "tau_g", 2.0, "ms", (0, None), "GABAergic synaptic time constant"
            ),
            Parameter("J_ii", 20.0, "1", (0, None), "self-inhibition weight"),
            Parameter("Delta", 1.0, "1", (0, None), "half width of the excitabilities"),
            Parameter("eta", 0.0, "1", description="centre of the excitabilities"),
            Parameter("I", 10.0, "1", description="constant input current"),
        ],
        equations=equations,
        inputs=[
            Input("F", "external forcing current"),
            Input("c", "network input rate, enters as tau_i*c (1/ms)"),
        ],
        outputs={"r": r, "v": v},
        coupling=Coupling("additive", (r,), ("c",)),
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
        description="Self-inhibiting QIF interneurons with an alpha synapse",
    )
