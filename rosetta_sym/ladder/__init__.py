"""The built-in ladder of neural mass models, one module per rung.

:func:`get` builds a rung by name; :data:`RUNGS` lists them bottom to top.
"""

from __future__ import annotations

import functools
import importlib

from rosetta_sym.model import Model, ModelError

__all__ = ["RUNGS", "get", "names"]

#: Built-in rungs, bottom of the ladder first: name -> (module, one-line summary).
RUNGS: dict[str, str] = {
    "stuart_landau": "Hopf normal form with saturation and shear",
    "wilson_cowan": "E-I rate model with logistic transfer (sets A and B)",
    "jansen_rit": "cortical column with second-order synapses (NMM1)",
}


def names() -> list[str]:
    """Return the names of the built-in rungs, bottom of the ladder first."""
    return list(RUNGS)


@functools.cache
def get(name: str) -> Model:
    """Build the built-in rung ``name`` (cached; models are immutable)."""
    if name not in RUNGS:
        raise ModelError(
            f"unknown model {name!r}; built-in rungs are: {', '.join(RUNGS)} "
            "(or give the path of a .toml model file)"
        )
    module = importlib.import_module(f"rosetta_sym.ladder.{name}")
    return module.build()
