"""Structural connectomes: validation, normalisation, identity, synthetic networks.

A connectome contains the weights ``C`` (``C[i, j]`` is the weight from node ``j``
to node ``i``), optional tract lengths in mm, region labels and centres.
"""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import scipy.sparse

__all__ = [
    "Connectome",
    "ConnectomeError",
    "synthetic_connectome",
    "validate",
    "TVB_SIZES",
]

#: Connectivity sizes shipped in the tvb-data package (``tvb:76`` etc.).
TVB_SIZES = (66, 68, 76, 96, 192)

NORMALISATIONS = ("none", "max_eigenvalue", "row_sum")


class ConnectomeError(ValueError):
    """An invalid connectome file or matrix."""


@dataclasses.dataclass(frozen=True)
class Connectome:
    """Weights, tract lengths and region metadata of a network.

    Attributes
    ----------
    weights : ndarray (n_nodes, n_nodes) or scipy.sparse matrix
        ``weights[i, j] >= 0`` is the weight from node ``j`` to node ``i``.
    tract_lengths : ndarray (n_nodes, n_nodes) or None
        Tract lengths in mm, used with a conduction velocity to get delays.
    labels : tuple of str
        Region labels, ``node0``, ``node1``, ... when the source has none.
    centres : ndarray (n_nodes, 3) or None
        Region centres in mm.
    name : str
        Where the connectome came from (``tvb:76``, a file name, ``synthetic``).
    uniform : bool
        True for an all-to-all network with one weight on every entry
        (diagonal included), which the steppers sum in O(N) per step.
    """

    weights: np.ndarray | scipy.sparse.csr_matrix
    tract_lengths: np.ndarray | None = None
    labels: tuple[str, ...] = ()
    centres: np.ndarray | None = None
    name: str = "array"
    uniform: bool = False

    def __post_init__(self) -> None:
        weights = self.weights
        if scipy.sparse.issparse(weights):
            weights = scipy.sparse.csr_matrix(weights, dtype=np.float64)
            weights.sum_duplicates()
            weights.sort_indices()
        else:
            weights = np.array(weights, dtype=np.float64)
        object.__setattr__(self, "weights", weights)
        if self.tract_lengths is not None:
            lengths = np.array(self.tract_lengths, dtype=np.float64)
            object.__setattr__(self, "tract_lengths", lengths)
        if not self.labels:
            labels = tuple(f"node{i}" for i in range(self.n_nodes))
            object.__setattr__(self, "labels", labels)
        validate(self)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.weights.shape[0])

    @property
    def is_sparse(self) -> bool:
        """True when the weights are a scipy.sparse matrix."""
        return scipy.sparse.issparse(self.weights)

    def dense_weights(self) -> np.ndarray:
        """Return the weights as a dense float64 array (n_nodes, n_nodes)."""
        if self.is_sparse:
            return self.weights.toarray()
        return self.weights

    def csr_weights(self) -> scipy.sparse.csr_matrix:
        """Return the weights as a CSR matrix without explicit zeros."""
        matrix = scipy.sparse.csr_matrix(self.weights, dtype=np.float64)
        matrix.eliminate_zeros()
        matrix.sort_indices()
        return matrix

    def density(self) -> float:
        """Fraction of non-zero weights."""
        nonzero = self.csr_weights().nnz
        return nonzero / float(self.n_nodes**2)

    def identity(self) -> str:
        """Return ``name`` plus a SHA-256 prefix of the weights and lengths."""
        digest = hashlib.sha256()
        digest.update(np.ascontiguousarray(self.dense_weights()).tobytes())
        if self.tract_lengths is not None:
            digest.update(np.ascontiguousarray(self.tract_lengths).tobytes())
        return f"{self.name}#{digest.hexdigest()[:12]}"

    def normalised(self, method: str) -> Connectome:
        """Return a copy with normalised weights.

        Parameters
        ----------
        method : {"none", "max_eigenvalue", "row_sum"}
            ``max_eigenvalue`` divides by the largest eigenvalue modulus;
            ``row_sum`` divides each row by its sum (rows summing to zero stay
            zero).
        """
        if method not in NORMALISATIONS:
            raise ConnectomeError(
                f"normalisation {method!r} is not one of {', '.join(NORMALISATIONS)}"
            )
        if method == "none":
            return self
        if method == "max_eigenvalue":
            dense = self.dense_weights()
            largest = float(np.max(np.abs(np.linalg.eigvals(dense))))
            if largest == 0.0:
                raise ConnectomeError(
                    f"connectome {self.name!r} has no non-zero eigenvalue, so it "
                    "cannot be normalised by its largest eigenvalue"
                )
            weights = self.weights / largest
        else:
            sums = np.asarray(self.weights.sum(axis=1)).ravel()
            scale = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
            if self.is_sparse:
                weights = scipy.sparse.diags(scale) @ self.weights
            else:
                weights = self.weights * scale[:, None]
        return dataclasses.replace(
            self, weights=weights, name=f"{self.name}/{method}", uniform=self.uniform
        )

    @classmethod
    def all_to_all(cls, n_nodes: int, weight: float | None = None) -> Connectome:
        """All-to-all network with one weight everywhere (default ``1/n_nodes``).

        The diagonal is included, as in the mean-field form of the Kuramoto
        model, where the ``j = i`` term of a sine coupling vanishes.
        """
        if n_nodes < 1:
            raise ConnectomeError(f"n_nodes must be at least 1, got {n_nodes}")
        value = 1.0 / n_nodes if weight is None else float(weight)
        weights = np.full((n_nodes, n_nodes), value)
        return cls(weights, name=f"all-to-all:{n_nodes}", uniform=True)


def _first_bad_entry(matrix: np.ndarray, bad: np.ndarray) -> str:
    row, column = (int(k) for k in np.argwhere(bad)[0])
    return f"row {row}, column {column}, value {float(matrix[row, column])!r}"


def validate(connectome: Connectome) -> None:
    """Raise ``ConnectomeError`` unless the connectome is square, finite and >= 0.

    The message names the first offending entry (row, column, value).
    """
    shape = connectome.weights.shape
    name = connectome.name
    if len(shape) != 2 or shape[0] != shape[1] or shape[0] == 0:
        raise ConnectomeError(
            f"connectome {name!r}: weights must be a non-empty square matrix, "
            f"got shape {shape}"
        )
    dense = connectome.dense_weights()
    matrices = [("weights", dense)]
    if connectome.tract_lengths is not None:
        lengths = connectome.tract_lengths
        if lengths.shape != shape:
            raise ConnectomeError(
                f"connectome {name!r}: tract lengths have shape {lengths.shape} "
                f"but the weights have shape {shape}; they must match"
            )
        matrices.append(("tract lengths", lengths))
    for what, matrix in matrices:
        not_finite = ~np.isfinite(matrix)
        if not_finite.any():
            raise ConnectomeError(
                f"connectome {name!r}: {what} contain a non-finite entry at "
                f"{_first_bad_entry(matrix, not_finite)}; replace it by a finite "
                "number"
            )
        negative = matrix < 0
        if negative.any():
            raise ConnectomeError(
                f"connectome {name!r}: {what} must be non-negative, but the entry "
                f"at {_first_bad_entry(matrix, negative)} is negative"
            )
    if len(connectome.labels) != shape[0]:
        raise ConnectomeError(
            f"connectome {name!r}: {len(connectome.labels)} labels for "
            f"{shape[0]} nodes; give one label per node"
        )
    if connectome.centres is not None and connectome.centres.shape[0] != shape[0]:
        raise ConnectomeError(
            f"connectome {name!r}: {connectome.centres.shape[0]} centres for "
            f"{shape[0]} nodes; give one centre per node"
        )


def synthetic_connectome(n_nodes: int = 76, seed: int = 42) -> Connectome:
    """Build a seeded random connectome with tract lengths, for tests and demos.

    Nodes get centres uniform in a 140 x 170 x 120 mm box (roughly the size of
    a human brain). Each pair is connected with probability
    ``exp(-distance / 40 mm)``, with a log-normal weight (mu = 0, sigma = 1)
    that is made symmetric. A node left without connections, which is common
    for small networks, is then connected to its nearest node, so every node
    has at least one incoming edge. Tract lengths are the Euclidean distances
    times 1.2, a curvature factor. The diagonal is zero. The same ``n_nodes``
    and ``seed`` always give the same connectome.

    Raises
    ------
    ConnectomeError
        When ``n_nodes`` is below 2, because one node has no other node to
        connect to.
    """
    if n_nodes < 2:
        raise ConnectomeError(
            f"synthetic:{n_nodes}: a synthetic connectome needs at least 2 nodes; "
            "for a single node, run without a connectome"
        )
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0.0, 1.0, size=(n_nodes, 3)) * np.array([140.0, 170.0, 120.0])
    difference = centres[:, None, :] - centres[None, :, :]
    distance = np.sqrt(np.sum(difference**2, axis=-1))
    connected = rng.uniform(size=(n_nodes, n_nodes)) < np.exp(-distance / 40.0)
    weights = rng.lognormal(0.0, 1.0, size=(n_nodes, n_nodes)) * connected
    weights = np.triu(weights, 1)
    weights = weights + weights.T
    _connect_isolated_nodes(weights, distance, rng.lognormal(0.0, 1.0, size=n_nodes))
    lengths = 1.2 * distance
    return Connectome(
        weights,
        tract_lengths=lengths,
        centres=centres,
        name=f"synthetic:{n_nodes}:seed{seed}",
    )


def _connect_isolated_nodes(
    weights: np.ndarray, distance: np.ndarray, spare_weights: np.ndarray
) -> None:
    """Connect each node without edges to its nearest node, symmetrically.

    ``spare_weights[i]`` is the weight of the new edge of node ``i``. The spare
    weights are drawn for every node, so the random stream, and with it the
    connectome, does not depend on how many nodes were isolated.
    """
    for node in range(weights.shape[0]):
        if np.any(weights[node] > 0):
            continue
        others = distance[node].copy()
        others[node] = np.inf
        nearest = int(np.argmin(others))
        weights[node, nearest] = weights[nearest, node] = spare_weights[node]
