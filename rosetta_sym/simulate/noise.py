"""Additive noise: amplitudes per state and node, and seeded normal streams.

The stochastic steppers take pre-drawn standard normals, one array per chunk,
drawn in (step, noisy state, node) order from one ``numpy.random.Generator``.
Drawing ``a`` then ``b`` values gives the same numbers as drawing ``a + b`` at
once, so a run is identical to the bit whatever its chunk length.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from rosetta_sym.model import Model

__all__ = ["NoiseSpec", "noise_amplitudes", "NoiseStream", "derive_seed_sequence"]

STOCHASTIC_METHODS = ("euler_maruyama", "stochastic_heun")


class NoiseError(ValueError):
    """An invalid noise amplitude."""


NoiseSpec = float | Mapping[str, float | np.ndarray] | np.ndarray | None


def noise_amplitudes(model: Model, noise: NoiseSpec, n_nodes: int) -> np.ndarray:
    """Return noise amplitudes as an array (n_states, n_nodes).

    Parameters
    ----------
    noise : float, mapping, ndarray or None
        A float applies to every state. A mapping gives amplitudes by state
        name (a float or an array of n_nodes values). A 1-D array gives one
        amplitude per state, and a 2-D array must broadcast to
        (n_states, n_nodes).
        Units: state units per sqrt(model time unit), so ``dy = f dt + sigma dW``.
    """
    n_states = model.n_states
    sigma = np.zeros((n_states, n_nodes))
    if noise is None:
        return sigma
    if isinstance(noise, Mapping):
        for name, value in noise.items():
            row = model.state_index(name)
            sigma[row] = np.broadcast_to(
                np.asarray(value, dtype=np.float64), (n_nodes,)
            )
    else:
        values = np.asarray(noise, dtype=np.float64)
        if values.ndim == 1:
            # One amplitude per state, the same at every node.
            values = values[:, None]
        try:
            sigma[:] = np.broadcast_to(values, (n_states, n_nodes))
        except ValueError:
            raise NoiseError(
                f"noise amplitudes of shape {np.shape(noise)} do not broadcast to "
                f"(n_states, n_nodes) = ({n_states}, {n_nodes})"
            ) from None
    bad = ~np.isfinite(sigma) | (sigma < 0)
    if bad.any():
        state, node = (int(k) for k in np.argwhere(bad)[0])
        raise NoiseError(
            f"noise amplitude for state {model.state_names[state]!r} at node {node} "
            f"is {float(sigma[state, node])!r}; amplitudes must be finite and >= 0"
        )
    return sigma


def derive_seed_sequence(seed: int | None, index: int | None = None):
    """Return the seed sequence of a run, or of set ``index`` of a batch.

    A batch set's stream depends only on ``seed`` and ``index``, so results do
    not change when a sweep splits its sets into batches differently.
    """
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**63))
    if index is None:
        return np.random.SeedSequence(seed)
    return np.random.SeedSequence(seed, spawn_key=(int(index),))


class NoiseStream:
    """Standard normals for the noisy states, drawn chunk by chunk.

    Parameters
    ----------
    sigma : ndarray (n_states, n_nodes)
        Noise amplitudes; only states with a non-zero amplitude get draws.
    seed_sequence : numpy.random.SeedSequence
    """

    def __init__(self, sigma: np.ndarray, seed_sequence: np.random.SeedSequence):
        self.noisy_states = np.flatnonzero(np.any(sigma > 0, axis=1)).astype(np.int64)
        self.sigma = np.ascontiguousarray(sigma[self.noisy_states])
        self.n_nodes = sigma.shape[1]
        self._rng = np.random.default_rng(seed_sequence)

    def draw(self, n_steps: int) -> np.ndarray:
        """Return standard normals of shape (n_steps, n_noisy_states, n_nodes)."""
        shape = (n_steps, self.noisy_states.size, self.n_nodes)
        return self._rng.standard_normal(shape)
