"""The chunk store: each finished chunk on disk at once, so a sweep can resume.

Layout, for a result file ``RESULT.nc``::

    RESULT.nc.parts/
        manifest.json        sweep key, description, number of chunks
        chunk-000000.npz     measures and reasons of chunk 0
        ...

A chunk file is written to a temporary name and renamed, so a file that exists
is complete. The manifest's key is a hash of the sweep arguments: a store made
by a different sweep is rejected instead of mixed in.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from rosetta_sym.sweep.chunks import Chunk, ChunkResult

__all__ = ["ChunkStore", "StoreError", "parts_dir_for", "sweep_key"]

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"


class StoreError(RuntimeError):
    """A chunk store that belongs to another sweep or cannot be used."""


def sweep_key(description: dict) -> str:
    """Return the SHA-256 of a JSON-serialisable sweep description."""
    text = json.dumps(description, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def parts_dir_for(out: str | Path) -> Path:
    """Return the chunk folder of the result file ``out`` (``out`` + ``.parts``)."""
    out = Path(out)
    return out.with_name(out.name + ".parts")


def _write_atomic(path: Path, write) -> None:
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class ChunkStore:
    """Chunk files of one sweep in one folder.

    Parameters
    ----------
    directory : path
        The parts folder; created when missing.
    key : str
        The sweep key (see :func:`sweep_key`).
    description : dict
        The JSON-serialisable sweep description, stored in the manifest.
    n_points : int
        Number of grid points.
    chunk_size : int
        Points per chunk for a new store. An existing store keeps the chunk
        size it was made with (see :attr:`chunk_size`), because results do not
        depend on it.
    fresh : bool
        Delete chunks of an earlier run, whatever sweep they belong to.

    Raises
    ------
    StoreError
        When the folder contains chunks of a sweep with another key and
        ``fresh`` is false.
    """

    def __init__(
        self,
        directory: str | Path,
        key: str,
        description: dict,
        n_points: int,
        *,
        chunk_size: int,
        fresh: bool = False,
    ) -> None:
        self.directory = Path(directory)
        self.key = key
        self.n_points = n_points
        manifest_path = self.directory / MANIFEST
        if fresh and self.directory.exists():
            logger.info("removing earlier chunks in %s", self.directory)
            shutil.rmtree(self.directory)
        if manifest_path.exists():
            try:
                manifest = json.loads(manifest_path.read_text())
            except (OSError, ValueError) as error:
                raise StoreError(
                    f"cannot read {manifest_path}: {error}; delete {self.directory} "
                    "or rerun with a fresh start (--fresh)"
                ) from None
            if manifest.get("key") != key:
                raise StoreError(
                    f"{self.directory} contains chunks of a different sweep (key "
                    f"{str(manifest.get('key'))[:12]}, this sweep {key[:12]}); rerun "
                    "with the same arguments to resume it, or start over with "
                    f"--fresh, or choose another --out"
                )
            if int(manifest.get("chunk_size", 0)) != chunk_size:
                logger.info(
                    "resuming with the stored chunk size %s instead of %d",
                    manifest.get("chunk_size"),
                    chunk_size,
                )
            self.chunk_size = int(manifest["chunk_size"])
        else:
            self.directory.mkdir(parents=True, exist_ok=True)
            manifest = {
                "key": key,
                "n_points": n_points,
                "chunk_size": chunk_size,
                "sweep": description,
            }
            text = json.dumps(manifest, indent=2, sort_keys=True)
            _write_atomic(manifest_path, lambda p: Path(p).write_text(text))
            self.chunk_size = chunk_size
        self.n_chunks = -(-n_points // self.chunk_size)

    def path(self, index: int) -> Path:
        """Return the file of chunk ``index``."""
        return self.directory / f"chunk-{index:06d}.npz"

    def finished(self) -> set[int]:
        """Return the indices of chunks whose file exists."""
        done = set()
        for index in range(self.n_chunks):
            if self.path(index).exists():
                done.add(index)
        return done

    def write(self, result: ChunkResult) -> Path:
        """Write one chunk's result atomically; return its path."""
        chunk = result.chunk
        arrays = {f"measure__{name}": value for name, value in result.values.items()}
        arrays["chunk"] = np.array(
            [chunk.index, chunk.start, chunk.stop], dtype=np.int64
        )
        arrays["reasons"] = np.array(result.reasons, dtype=np.str_)
        path = self.path(chunk.index)

        def save(temporary: str) -> None:
            with open(temporary, "wb") as handle:
                np.savez(handle, **arrays)

        _write_atomic(path, save)
        logger.debug("stored chunk %d (%d points) in %s", chunk.index, chunk.size, path)
        return path

    def read(self, index: int) -> ChunkResult | None:
        """Read chunk ``index``.

        Returns ``None`` and deletes the file when it is unreadable, so the
        chunk is computed again.
        """
        path = self.path(index)
        try:
            with np.load(path, allow_pickle=False) as data:
                start_stop = data["chunk"]
                values = {
                    name.removeprefix("measure__"): data[name]
                    for name in data.files
                    if name.startswith("measure__")
                }
                reasons = [str(r) for r in data["reasons"]]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            logger.warning(
                "chunk file %s is unreadable (%s); computing it again", path, error
            )
            path.unlink(missing_ok=True)
            return None
        chunk = Chunk(int(start_stop[0]), int(start_stop[1]), int(start_stop[2]))
        return ChunkResult(chunk, values, reasons)

    def remove(self) -> None:
        """Delete the parts folder."""
        shutil.rmtree(self.directory, ignore_errors=True)
