"""Caches keyed by a model's structure, not its parameter values.

Symbolic derivatives, compiled functions and equilibrium curves depend on the
equations only, so a model copied with new parameter values or initial
states (``with_parameters``, ``--set`` on the command line) reuses them.
"""

from __future__ import annotations

import functools
import json

from rosetta_sym.model import Model

__all__ = ["structure_key", "cached_by_structure"]

#: Entries kept per cached function; the oldest entry is dropped first.
MAX_ENTRIES = 64

_keys: dict[str, str] = {}


def structure_key(model: Model) -> str:
    """Return a key that covers everything in ``model.canonical()`` except
    parameter values, bounds and initial states."""
    key = _keys.get(model.hash)
    if key is None:
        if len(_keys) >= 16 * MAX_ENTRIES:
            _keys.clear()
        canonical = model.canonical()
        canonical["parameters"] = [entry[0] for entry in canonical["parameters"]]
        canonical["states"] = [entry[0] for entry in canonical["states"]]
        key = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
        _keys[model.hash] = key
    return key


def cached_by_structure(function):
    """Cache ``function(model, *args)`` by the model's structure and ``args``."""
    cache: dict = {}

    @functools.wraps(function)
    def wrapper(model: Model, *args):
        key = (structure_key(model), args)
        if key not in cache:
            if len(cache) >= MAX_ENTRIES:
                cache.pop(next(iter(cache)))
            cache[key] = function(model, *args)
        return cache[key]

    return wrapper
