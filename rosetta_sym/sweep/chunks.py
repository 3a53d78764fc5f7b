"""Cutting a grid into chunks, per-point seeds, and the result of one chunk.

A chunk is a contiguous range of flat point indices. Each point's random seed
depends only on the base seed and the point's flat index, so a point's result
does not depend on the chunk size, the number of workers or execution order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "Chunk",
    "ChunkResult",
    "default_chunk_size",
    "make_chunks",
    "point_seeds",
]

#: Largest default chunk, in grid points.
MAX_DEFAULT_CHUNK = 64


@dataclass(frozen=True)
class Chunk:
    """Grid points ``start`` to ``stop - 1`` (flat C-order indices)."""

    index: int
    start: int
    stop: int

    @property
    def size(self) -> int:
        """Number of points in the chunk."""
        return self.stop - self.start

    @property
    def indices(self) -> np.ndarray:
        """Flat point indices, shape ``(size,)``."""
        return np.arange(self.start, self.stop, dtype=np.int64)


@dataclass
class ChunkResult:
    """Measures of every point of one chunk.

    Attributes
    ----------
    chunk : Chunk
    values : dict of str to ndarray
        Measure name to an array of shape ``(chunk.size, *measure_shape)``;
        NaN where the point failed.
    reasons : list of str
        One entry per point: empty when the point succeeded, else why not.
    elapsed : float
        Wall time of the chunk task in seconds (informational, not stored in
        the final result).
    """

    chunk: Chunk
    values: dict[str, np.ndarray]
    reasons: list[str]
    elapsed: float = 0.0
    worker: str = field(default="")

    def __post_init__(self) -> None:
        if len(self.reasons) != self.chunk.size:
            raise ValueError(
                f"chunk {self.chunk.index}: {len(self.reasons)} reasons for "
                f"{self.chunk.size} points"
            )
        for name, array in self.values.items():
            if array.shape[:1] != (self.chunk.size,):
                raise ValueError(
                    f"chunk {self.chunk.index}: measure {name!r} has shape "
                    f"{array.shape}, expected ({self.chunk.size}, ...)"
                )


def default_chunk_size(n_points: int, n_workers: int) -> int:
    """Pick a chunk size giving each worker about four chunks.

    Several chunks per worker balance the load and keep the work lost to an
    interruption small. At most :data:`MAX_DEFAULT_CHUNK` points per chunk
    bound the memory of the recorded signals.
    """
    per_worker = math.ceil(n_points / max(4 * n_workers, 1))
    return int(min(max(per_worker, 1), MAX_DEFAULT_CHUNK))


def make_chunks(n_points: int, chunk_size: int) -> list[Chunk]:
    """Cut ``n_points`` flat indices into consecutive chunks of ``chunk_size``.

    The last chunk may be smaller.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk size must be at least 1, got {chunk_size}")
    if n_points < 1:
        raise ValueError(f"a sweep needs at least one point, got {n_points}")
    return [
        Chunk(index, start, min(start + chunk_size, n_points))
        for index, start in enumerate(range(0, n_points, chunk_size))
    ]


def point_seeds(seed: int, flat_indices: np.ndarray) -> np.ndarray:
    """Derive one independent seed per grid point.

    Each seed is the first 64-bit word of
    ``numpy.random.SeedSequence(seed, spawn_key=(index,))``, the same sequence
    that ``SeedSequence(seed).spawn(n)[index]`` gives, but computed for one
    index without spawning the others.

    Parameters
    ----------
    seed : int
        Base seed of the sweep, >= 0.
    flat_indices : ndarray of int, shape (n,)

    Returns
    -------
    ndarray of uint64, shape (n,)
    """
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    return np.array(
        [
            np.random.SeedSequence(seed, spawn_key=(int(i),)).generate_state(
                1, np.uint64
            )[0]
            for i in np.asarray(flat_indices)
        ],
        dtype=np.uint64,
    )
