"""Seeded synthetic connectomes: every node has an incoming edge, at any size."""

from __future__ import annotations

import numpy as np
import pytest

from rosetta_sym.simulate import ConnectomeError, load_connectome, synthetic_connectome


@pytest.mark.parametrize("n_nodes", range(2, 11))
@pytest.mark.parametrize("seed", [42, 0, 7])
def test_every_node_has_incoming_edge(n_nodes, seed):
    weights = synthetic_connectome(n_nodes, seed=seed).dense_weights()

    incoming = np.count_nonzero(weights > 0, axis=1)
    assert np.all(incoming >= 1), (
        f"nodes without input: {np.flatnonzero(incoming == 0)}"
    )


@pytest.mark.parametrize("n_nodes", range(2, 11))
def test_small_connectome_valid_and_deterministic(n_nodes):
    first = synthetic_connectome(n_nodes, seed=42)
    again = load_connectome(f"synthetic:{n_nodes}")
    weights = first.dense_weights()

    assert first.identity() == again.identity()
    np.testing.assert_array_equal(weights, weights.T)
    np.testing.assert_array_equal(np.diag(weights), 0.0)


def test_single_node_rejected():
    with pytest.raises(ConnectomeError, match="synthetic:1: .* at least 2 nodes"):
        synthetic_connectome(1)
