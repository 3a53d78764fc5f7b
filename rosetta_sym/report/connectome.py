"""The connectome of the report's network runs, with the synthetic fallback."""

from __future__ import annotations

import importlib.util
import logging

import numpy as np

from rosetta_sym.simulate import load_connectome

__all__ = ["load_report_connectome", "tvb_data_available", "FALLBACK_CONNECTOME"]

logger = logging.getLogger(__name__)

#: Built-in seeded connectome used when tvb-data is missing: 76 regions like
#: tvb:76, with distance-dependent wiring and tract lengths.
FALLBACK_CONNECTOME = "synthetic:76:42"


def tvb_data_available() -> bool:
    """Return True when the tvb-data package can be imported."""
    return importlib.util.find_spec("tvb_data") is not None


def load_report_connectome(spec: str):
    """Load the connectome ``spec``; fall back to a synthetic one without tvb-data.

    Parameters
    ----------
    spec : str
        ``tvb:N``, ``synthetic:N[:SEED]`` or a connectome file path.

    Returns
    -------
    connectome : rosetta_sym.simulate.Connectome
    info : dict
        ``identity``, ``n_regions``, ``description``, ``has_tract_lengths``,
        tract length statistics in mm and ``fallback`` (the message shown when
        the synthetic connectome replaced a ``tvb:`` one, else None).
    """

    fallback = None
    if spec.startswith("tvb:") and not tvb_data_available():
        fallback = (
            f"The connectome {spec} needs the tvb-data package, which is not "
            'installed; install it with: pip install "rosetta_sym[connectomes]". '
            f"This report uses the built-in seeded connectome {FALLBACK_CONNECTOME} "
            "(76 regions, distance-dependent wiring and tract lengths) instead."
        )
        logger.warning(fallback)
        spec = FALLBACK_CONNECTOME
    connectome = load_connectome(spec)
    info = {
        "spec": spec,
        "identity": connectome.identity(),
        "n_regions": connectome.n_nodes,
        "description": _describe(spec),
        "density": connectome.density(),
        "has_tract_lengths": connectome.tract_lengths is not None,
        "fallback": fallback,
    }
    if connectome.tract_lengths is not None:
        lengths = connectome.tract_lengths[connectome.dense_weights() > 0]
        info["tract_length_mean_mm"] = float(np.mean(lengths)) if lengths.size else 0.0
        info["tract_length_max_mm"] = float(np.max(lengths)) if lengths.size else 0.0
    return connectome, info


def _describe(spec: str) -> str:
    if spec.startswith("tvb:"):
        return "structural connectivity shipped with The Virtual Brain (tvb-data)"
    if spec.startswith("synthetic"):
        return "seeded synthetic connectome built into rosetta_sym"
    return "connectome read from a file"
