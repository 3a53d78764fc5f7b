"""The built-in ladder of neural mass models, one module per rung.

:func:`get` builds a rung by name; :data:`RUNGS` lists them bottom to top.
A rung named ``NAME`` is built by ``build()`` of module
``rosetta_sym.ladder.NAME``, unless :data:`BUILDERS` names another module and
function: variants of one model, such as the three synapse forms of the
Montbrio-Pazo-Roxin mean field, share a module.
"""

from __future__ import annotations

import difflib
import functools
import importlib

from rosetta_sym.model import Model, ModelError

__all__ = ["BUILDERS", "RUNGS", "builder", "get", "names"]

#: Built-in rungs, bottom of the ladder first: name -> one-line summary.
RUNGS: dict[str, str] = {
    "kuramoto": "phase oscillator; Kuramoto-Sakaguchi network (phase lag phi)",
    "harmonic_oscillator": "undamped linear oscillator, a centre",
    "damped_oscillator": "linear oscillator with damping, a stable focus",
    "stuart_landau": "Hopf normal form with saturation and shear",
    "wilson_cowan": "E-I rate model with logistic transfer (sets A and B)",
    "ei_motif": "minimal E-I motif with second-order synapses (NMM1)",
    "jansen_rit": "cortical column with second-order synapses (NMM1)",
    "wendling": "Jansen-Rit column with fast somatic inhibition (NMM1)",
    "montbrio_pazo_roxin": "exact QIF mean field, instantaneous synapses (NMM2)",
    "montbrio_pazo_roxin_first_order": "exact QIF mean field, first-order synapse",
    "montbrio_pazo_roxin_second_order": "exact QIF mean field, alpha synapse",
    "ing": "self-inhibiting interneurons, alpha synapse (NMM2, gamma)",
    "ping": "E-I QIF populations, alpha synapses (NMM2, gamma)",
    "nmm2_ei": "E-I QIF populations, first-order synapse per connection",
}

#: Rungs not built by ``build()`` of the module of the same name:
#: rung name -> (module name under ``rosetta_sym.ladder``, builder function).
BUILDERS: dict[str, tuple[str, str]] = {
    "montbrio_pazo_roxin_first_order": ("montbrio_pazo_roxin", "build_first_order"),
    "montbrio_pazo_roxin_second_order": ("montbrio_pazo_roxin", "build_second_order"),
}


def names() -> list[str]:
    """Return the names of the built-in rungs, bottom of the ladder first."""
    return list(RUNGS)


def builder(name: str) -> tuple[str, str]:
    """Return the module and function that build rung ``name``."""
    return BUILDERS.get(name, (name, "build"))


@functools.cache
def get(name: str) -> Model:
    """Build the built-in rung ``name`` (cached; models are immutable)."""
    if name not in RUNGS:
        close = difflib.get_close_matches(name, RUNGS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ModelError(
            f"unknown model {name!r}; {hint}built-in rungs are: {', '.join(RUNGS)} "
            "(or give the path of a .toml model file)"
        )
    module_name, function_name = builder(name)
    module = importlib.import_module(f"rosetta_sym.ladder.{module_name}")
    return getattr(module, function_name)()
