r"""First Lyapunov coefficient and the Hopf normal form at a Hopf point.

Let ``A`` be the Jacobian at the Hopf point and ``B`` and ``C`` the second
and third derivative multilinear forms, with ``A q = i omega q``,
``A^T p = -i omega p`` and ``<p, q> = conj(p)^T q = 1``. On the centre
manifold, ``x = x* + w q + conj(w q) + O(|w|^2)``, the normal form is
``dw/dt = i omega w + c1 w |w|^2 + ...`` with (Kuznetsov 2004, *Elements of
Applied Bifurcation Theory*, sections 3.5 and 5.4)

.. math::

    h_{20} = (2 i \omega I - A)^{-1} B(q, q), \qquad
    h_{11} = -A^{-1} B(q, \bar q),

    c_1 = \tfrac12 \langle p, C(q, q, \bar q) + B(\bar q, h_{20})
          + 2 B(q, h_{11}) \rangle,

and the first Lyapunov coefficient is ``l1 = Re(c1) / omega``; ``l1 < 0``
means a supercritical Hopf bifurcation.

Normalisation: ``c1`` scales with ``|q|^2`` (its sign does not). Here
``<q, q> = 1/2``, the scaling for which the Stuart-Landau equation
``dz/dt = (alpha + i omega) z - (gamma + i beta) |z|^2 z`` in ``(x, y)``
coordinates gives back ``z = w``: there ``q = (1, -i) / 2`` and
``c1 = -(gamma + i beta)``. The phase of ``q`` is fixed by making its first
component of largest modulus real and positive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from rosetta_sym.analysis.numeric import numeric_model, parameter_vector
from rosetta_sym.model import Model

__all__ = ["HopfNormalForm", "hopf_normal_form", "first_lyapunov_coefficient"]


@dataclass(frozen=True)
class HopfNormalForm:
    """Hopf normal form coefficients at a Hopf point.

    Attributes
    ----------
    c1 : complex
        Cubic coefficient of ``dw/dt = i omega w + c1 w |w|^2``, with
        ``<q, q> = 1/2`` (so ``c1 = -(gamma + i beta)`` for Stuart-Landau).
    first_lyapunov : float
        ``Re(c1) / omega``; negative means supercritical.
    q : ndarray of complex, shape (n_states,)
        Critical eigenvector, ``A q = i omega q``, ``<q, q> = 1/2``.
    p : ndarray of complex, shape (n_states,)
        Adjoint eigenvector, ``A^T p = -i omega p``, ``<p, q> = 1``.
    omega : float
        Angular frequency of the critical pair (radians per model time unit).
    """

    c1: complex
    first_lyapunov: float
    q: np.ndarray
    p: np.ndarray
    omega: float

    @property
    def supercritical(self) -> bool:
        """True when ``first_lyapunov < 0``."""
        return self.first_lyapunov < 0


def _eigenvector(matrix: np.ndarray, target: complex) -> np.ndarray:
    values, vectors = np.linalg.eig(matrix)
    return vectors[:, int(np.argmin(np.abs(values - target)))]


def _fix_phase(q: np.ndarray) -> np.ndarray:
    size = np.abs(q)
    index = int(np.flatnonzero(size >= (1 - 1e-8) * size.max())[0])
    return q * (abs(q[index]) / q[index])


def hopf_normal_form(
    model: Model,
    parameters: Mapping[str, float] | None,
    state: np.ndarray,
    omega: float,
) -> HopfNormalForm:
    """Compute ``c1`` and the first Lyapunov coefficient at a Hopf point.

    Parameters
    ----------
    model : Model
        Inputs are set to zero.
    parameters : mapping of str to float or None
        Parameter values at the Hopf point (overrides of the defaults).
    state : ndarray, shape (n_states,)
        The equilibrium at the Hopf point.
    omega : float
        Angular frequency of the critical pair, ``> 0`` (radians per model time
        unit); the eigenvalue nearest ``i omega`` is used.

    Returns
    -------
    HopfNormalForm

    Raises
    ------
    ValueError
        When ``omega`` is not positive.
    """
    if not omega > 0:
        raise ValueError(
            f"omega = {omega!r}: a Hopf point needs a positive angular frequency"
        )
    nm = numeric_model(model)
    p_vector = parameter_vector(model, parameters)
    y = np.asarray(state, dtype=np.float64)
    a = nm.jacobian(y, p_vector)
    n = a.shape[0]

    q = _fix_phase(_eigenvector(a, 1j * omega))
    q = q / np.sqrt(2.0 * np.vdot(q, q).real)
    p = _eigenvector(a.T, -1j * omega)
    p = p / np.conj(np.vdot(p, q))

    bilinear = nm.bilinear(y, p_vector)
    trilinear = nm.trilinear(y, p_vector)
    q_bar = np.conj(q)
    h20 = np.linalg.solve(2j * omega * np.eye(n) - a, bilinear(q, q))
    h11 = -np.linalg.solve(a.astype(complex), bilinear(q, q_bar))
    total = trilinear(q, q, q_bar) + bilinear(q_bar, h20) + 2.0 * bilinear(q, h11)
    c1 = 0.5 * np.vdot(p, total)
    return HopfNormalForm(complex(c1), float(c1.real / omega), q, p, float(omega))


def first_lyapunov_coefficient(
    model: Model,
    parameters: Mapping[str, float] | None,
    state: np.ndarray,
    omega: float,
) -> float:
    """Return ``Re(c1) / omega`` at a Hopf point (see :func:`hopf_normal_form`)."""
    return hopf_normal_form(model, parameters, state, omega).first_lyapunov
