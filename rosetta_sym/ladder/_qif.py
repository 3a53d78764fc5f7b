r"""Terms of the exact mean field of quadratic integrate-and-fire (QIF) neurons.

The NMM2 rungs (Montbrio-Pazo-Roxin, ING, PING, the general E-I form) share
the population equations of Montbrio, Pazo and Roxin (2015) in dimensional
form,

.. math::

    \tau \dot r = \Delta / (\pi \tau) + 2 r v

    \tau \dot v = v^2 + \eta + I_{\mathrm{total}} - (\pi \tau r)^2

and the synaptic filters of the rate ``r``. Each helper returns right-hand
sides ``d/dt``; the rung modules assemble them.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["qif_rate", "qif_potential", "exponential_synapse", "alpha_synapse"]


def qif_rate(r: sp.Expr, v: sp.Expr, tau: sp.Expr, delta: sp.Expr) -> sp.Expr:
    """Return ``dr/dt`` of ``tau dr/dt = Delta / (pi tau) + 2 r v``."""
    return (delta / (sp.pi * tau) + 2 * r * v) / tau


def qif_potential(
    r: sp.Expr, v: sp.Expr, tau: sp.Expr, eta: sp.Expr, current: sp.Expr
) -> sp.Expr:
    """Return ``dv/dt`` of ``tau dv/dt = v**2 + eta + current - (pi tau r)**2``.

    ``current`` is the total input: synaptic (``J tau s``), constant drive,
    forcing and network terms.
    """
    return (v**2 + eta + current - (sp.pi * tau * r) ** 2) / tau


def exponential_synapse(s: sp.Expr, rate: sp.Expr, tau: sp.Expr) -> sp.Expr:
    """Return ``ds/dt`` of the first-order synapse ``tau ds/dt = -s + rate``."""
    return (rate - s) / tau


def alpha_synapse(s: str, z: str, rate: sp.Expr, tau: sp.Expr) -> dict[str, sp.Expr]:
    """Return the equations of the alpha synapse ``tau**2 s'' + 2 tau s' + s = rate``.

    Written as ``tau ds/dt = z`` and ``tau dz/dt = rate - 2 z - s``, so ``z``
    is ``tau ds/dt`` and has the unit of ``s`` (the form used for ING and PING
    by Castaldo et al. 2025).

    Returns
    -------
    dict
        ``{s: ds/dt, z: dz/dt}`` to merge into the equations.
    """
    s_symbol = sp.Symbol(s, real=True)
    z_symbol = sp.Symbol(z, real=True)
    return {s: z_symbol / tau, z: (rate - 2 * z_symbol - s_symbol) / tau}
