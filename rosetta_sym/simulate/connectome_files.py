"""Connectome files: TVB zips, NumPy, text and MATLAB matrices, shortcuts."""

from __future__ import annotations

import bz2
import dataclasses
import io
import logging
import zipfile
from pathlib import Path

import numpy as np
import scipy.sparse

from rosetta_sym.simulate.connectome import (
    TVB_SIZES,
    Connectome,
    ConnectomeError,
    synthetic_connectome,
)

__all__ = ["load_connectome", "load_tvb_zip"]

logger = logging.getLogger(__name__)


# ----------------------------------------------------------------------
def load_connectome(source: str | Path | np.ndarray | Connectome) -> Connectome:
    """Load a connectome from a shortcut, a file or an array.

    Parameters
    ----------
    source : str, Path, ndarray or Connectome
        ``tvb:76`` (also 66, 68, 96 and 192; needs the tvb-data package),
        ``synthetic:N`` or ``synthetic:N:SEED`` (see
        :func:`synthetic_connectome`), a TVB connectivity ``.zip``, a ``.npy``
        or ``.npz`` file, a ``.csv`` or ``.txt`` matrix, or a MATLAB ``.mat``
        file with a ``weights`` (or ``W``, ``SC``, ``C``) matrix and optional
        ``tract_lengths`` (or ``lengths``, ``D``).

    Returns
    -------
    Connectome
    """
    if isinstance(source, Connectome):
        return source
    if isinstance(source, np.ndarray) or scipy.sparse.issparse(source):
        return Connectome(source)
    text = str(source)
    if text.startswith("tvb:"):
        return _load_tvb_shortcut(text)
    if text.startswith("synthetic"):
        return _parse_synthetic(text)
    path = Path(text)
    if not path.is_file():
        raise ConnectomeError(
            f"connectome file {text!r} not found; give a file path, tvb:76 or "
            "synthetic:76"
        )
    try:
        return _load_file(path)
    except ConnectomeError:
        raise
    except (ValueError, OSError, KeyError, zipfile.BadZipFile) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "pickle" in reason:
            reason = "it holds Python objects, not a numeric array (not loaded)"
        raise ConnectomeError(
            f"connectome file {text!r} could not be read: {reason}; give a "
            "numeric square matrix"
        ) from None


def _load_file(path: Path) -> Connectome:
    text = str(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return load_tvb_zip(path)
    if suffix in (".npy", ".npz"):
        return _load_numpy(path)
    if suffix in (".csv", ".txt", ".tsv", ".dat"):
        delimiter = "," if suffix == ".csv" else None
        return Connectome(
            np.loadtxt(path, delimiter=delimiter, ndmin=2), name=path.name
        )
    if suffix == ".mat":
        return _load_mat(path)
    raise ConnectomeError(
        f"connectome file {text!r}: unknown suffix {suffix!r}; use .zip (TVB), "
        ".npy, .npz, .csv, .txt or .mat"
    )


def _parse_synthetic(text: str) -> Connectome:
    parts = text.split(":")
    try:
        numbers = [int(p) for p in parts[1:]]
    except ValueError:
        raise ConnectomeError(
            f"connectome {text!r}: expected synthetic:N or synthetic:N:SEED with "
            "integers"
        ) from None
    return synthetic_connectome(*numbers)


def _load_tvb_shortcut(text: str) -> Connectome:
    size_text = text.partition(":")[2]
    if not size_text.isdigit() or int(size_text) not in TVB_SIZES:
        raise ConnectomeError(
            f"connectome {text!r}: tvb-data ships sizes "
            f"{', '.join(str(n) for n in TVB_SIZES)}; use for example tvb:76"
        )
    try:
        import tvb_data
    except ImportError:
        raise ConnectomeError(
            f"connectome {text!r} needs the tvb-data package: pip install tvb-data "
            "(or use synthetic:76 for a built-in seeded connectome)"
        ) from None
    path = (
        Path(tvb_data.__file__).parent
        / "connectivity"
        / f"connectivity_{size_text}.zip"
    )
    connectome = load_tvb_zip(path)
    return dataclasses.replace(connectome, name=text)


def _read_member(archive: zipfile.ZipFile, stem: str) -> bytes | None:
    for member in archive.namelist():
        base = member.rsplit("/", 1)[-1]
        if base == f"{stem}.txt":
            return archive.read(member)
        if base == f"{stem}.txt.bz2":
            return bz2.decompress(archive.read(member))
    return None


def _parse_centres(text: str) -> tuple[tuple[str, ...], np.ndarray]:
    labels, rows = [], []
    for line in text.splitlines():
        fields = line.split()
        if not fields:
            continue
        labels.append(fields[0])
        rows.append([float(value) for value in fields[1:4]])
    return tuple(labels), np.array(rows, dtype=np.float64)


def load_tvb_zip(path: str | Path) -> Connectome:
    """Load a TVB connectivity zip (``weights.txt``, ``tract_lengths.txt``, ...).

    Members may sit in a sub-folder and may be bz2-compressed (``.txt.bz2``).
    ``centres.txt`` lines are ``label x y z``; tract lengths are in mm.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        weights_bytes = _read_member(archive, "weights")
        if weights_bytes is None:
            raise ConnectomeError(
                f"TVB connectivity {str(path)!r} has no weights.txt; members are "
                f"{', '.join(archive.namelist())}"
            )
        lengths_bytes = _read_member(archive, "tract_lengths")
        centres_bytes = _read_member(archive, "centres")
    weights = np.loadtxt(io.BytesIO(weights_bytes), ndmin=2)
    lengths = None
    if lengths_bytes is not None:
        lengths = np.loadtxt(io.BytesIO(lengths_bytes), ndmin=2)
    labels: tuple[str, ...] = ()
    centres = None
    if centres_bytes is not None:
        labels, centres = _parse_centres(centres_bytes.decode())
    logger.info("loaded TVB connectivity %s: %d regions", path.name, weights.shape[0])
    return Connectome(
        weights, tract_lengths=lengths, labels=labels, centres=centres, name=path.name
    )


def _load_numpy(path: Path) -> Connectome:
    if path.suffix.lower() == ".npy":
        return Connectome(np.load(path, allow_pickle=False), name=path.name)
    with np.load(path, allow_pickle=False) as archive:
        keys = set(archive.files)
        weights_key = _pick_key(keys, ("weights", "W", "SC", "C"), path)
        lengths_key = _pick_key(keys, ("tract_lengths", "lengths", "D"), None)
        labels = tuple(str(x) for x in archive["labels"]) if "labels" in keys else ()
        return Connectome(
            archive[weights_key],
            tract_lengths=None if lengths_key is None else archive[lengths_key],
            labels=labels,
            name=path.name,
        )


def _pick_key(keys: set[str], candidates: tuple[str, ...], path: Path | None):
    for key in candidates:
        if key in keys:
            return key
    if path is None:
        return None
    raise ConnectomeError(
        f"connectome file {str(path)!r} has no weights matrix; expected one of "
        f"{', '.join(candidates)}, found {', '.join(sorted(keys)) or 'nothing'}"
    )


def _load_mat(path: Path) -> Connectome:
    import scipy.io

    contents = scipy.io.loadmat(path)
    keys = {k for k in contents if not k.startswith("__")}
    weights_key = _pick_key(keys, ("weights", "W", "SC", "C"), path)
    lengths_key = _pick_key(keys, ("tract_lengths", "lengths", "D"), None)
    weights = contents[weights_key]
    lengths = None if lengths_key is None else contents[lengths_key]
    return Connectome(weights, tract_lengths=lengths, name=path.name)
