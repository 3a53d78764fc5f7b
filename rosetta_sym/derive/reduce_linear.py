"""Reduction to a damped oscillator: linearisation at a stable focus.

Near a stable focus ``x*`` with leading eigenvalue pair ``alpha +- i omega``
(largest real part), the deviation ``x - x*`` relaxes like the damped
oscillator ``z' = (alpha + i omega) z`` projected on the eigenvector ``q``:
``x ~ x* + z q + conj(z q)``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

import numpy as np

from rosetta_sym import ladder
from rosetta_sym.analysis import find_fixed_points, numeric_model
from rosetta_sym.derive.numerics import parameter_vector
from rosetta_sym.model import Derivation, Model, ModelError

__all__ = ["LinearReduction", "reduce_to_damped_oscillator"]

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class LinearReduction:
    """A damped oscillator fitted to a stable focus.

    Attributes
    ----------
    model : Model
        The damped oscillator (``alpha``, ``omega`` in 1/time unit of the source
        model, same time unit).
    source : str
        Name of the reduced model.
    parameters : dict of str to float
        Parameter values of the source model at which it was linearised.
    fixed_point : dict of str to float
        The focus ``x*``.
    eigenvalue : complex
        ``alpha + i omega`` of the leading pair (``omega > 0``).
    eigenvector : ndarray of complex, shape (n_states,)
        ``q`` with ``J q = lambda q``, ``<q, q> = 1/2``.
    """

    model: Model
    source: str
    parameters: dict
    fixed_point: dict
    eigenvalue: complex
    eigenvector: np.ndarray

    def to_original(self, z: complex | np.ndarray) -> np.ndarray:
        """Map oscillator states ``z = x + i y`` to source states ``x* + 2 Re(z q)``.

        ``z`` has shape () or (n_samples,); the result has shape (n_states,) or
        (n_samples, n_states).
        """
        centre = np.array(list(self.fixed_point.values()))
        z = np.asarray(z, dtype=complex)
        return centre + 2.0 * np.real(np.multiply.outer(z, self.eigenvector))

    def summary(self) -> dict:
        """Return the JSON-ready description of the reduction."""
        return {
            "source": self.source,
            "to": "damped_oscillator",
            "parameters": self.parameters,
            "fixed_point": self.fixed_point,
            "alpha": self.eigenvalue.real,
            "omega": self.eigenvalue.imag,
            "eigenvector_real": self.eigenvector.real.tolist(),
            "eigenvector_imag": self.eigenvector.imag.tolist(),
            "validity": "linear: valid for small deviations from the focus",
            "model_hash": self.model.hash,
        }


def _normalised(vector: np.ndarray) -> np.ndarray:
    size = np.abs(vector)
    index = int(np.argmax(size))
    vector = vector * (size[index] / vector[index])
    return vector / np.sqrt(2.0 * np.vdot(vector, vector).real)


def reduce_to_damped_oscillator(
    model: Model,
    parameters: Mapping[str, float] | None = None,
    state: Mapping[str, float] | None = None,
) -> LinearReduction:
    """Linearise ``model`` at a stable focus and return the damped oscillator.

    Parameters
    ----------
    model : Model
        Inputs are set to zero.
    parameters : mapping of str to float, optional
        Parameter values overriding the model's defaults.
    state : mapping of str to float, optional
        Approximate location of the focus when there are several; the nearest
        stable focus is used.

    Returns
    -------
    LinearReduction

    Raises
    ------
    ModelError
        When the model has no stable equilibrium whose leading eigenvalues
        are a complex pair (a stable node or no stable equilibrium at all).
    """
    parameters = dict(parameters or {})
    points = find_fixed_points(model, parameters)
    foci = []
    for point in points:
        leading = point.eigenvalues[int(np.argmax(point.eigenvalues.real))]
        if point.stable and abs(leading.imag) > 0:
            foci.append(point)
    if not foci:
        found = ", ".join(f"{p.type} at {p.state}" for p in points) or "none"
        raise ModelError(
            f"model {model.name!r} has no stable focus at parameters {parameters} "
            f"(equilibria: {found}); choose parameters where the leading "
            "eigenvalues are a complex pair with negative real part"
        )
    if state is not None:
        target = np.array([state.get(n, 0.0) for n in model.state_names])
        foci.sort(key=lambda p: float(np.linalg.norm(p.vector - target)))
    focus = foci[0]
    nm = numeric_model(model)
    p_vector = parameter_vector(model, parameters)
    values, vectors = np.linalg.eig(nm.jacobian(focus.vector, p_vector))
    upper = [k for k in range(len(values)) if values[k].imag > 0]
    index = max(upper, key=lambda k: values[k].real)
    eigenvalue = complex(values[index])
    q = _normalised(vectors[:, index])
    reduced = _damped_oscillator(model, eigenvalue, parameters, focus.state)
    logger.info(
        "%s linearised at %s: alpha = %.6g, omega = %.6g",
        model.name,
        focus.state,
        eigenvalue.real,
        eigenvalue.imag,
    )
    return LinearReduction(
        reduced, model.name, parameters, dict(focus.state), eigenvalue, q
    )


def _damped_oscillator(
    source: Model, eigenvalue: complex, parameters: dict, focus: dict
) -> Model:
    template = ladder.get("damped_oscillator")
    arguments = {
        "parameters": {k: float(v) for k, v in parameters.items()},
        "fixed_point": {k: float(v) for k, v in focus.items()},
        "alpha": float(eigenvalue.real),
        "omega": float(eigenvalue.imag),
    }
    reduced = template.with_parameters(alpha=eigenvalue.real, omega=eigenvalue.imag)
    return reduced.replace(
        name=f"{source.name}_damped_oscillator",
        time_unit=source.time_unit,
        description=(
            f"Linearisation of {source.name} at a stable focus: "
            f"z' = (alpha + i omega) z with x ~ x* + 2 Re(z q)"
        ),
        provenance=(
            *source.provenance,
            Derivation(source.hash, "reduce_to_damped_oscillator", arguments),
        ),
    )
