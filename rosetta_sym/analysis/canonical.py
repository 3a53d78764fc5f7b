"""The usual one-parameter continuation of each built-in rung."""

from __future__ import annotations

__all__ = ["CANONICAL_CONTINUATIONS", "canonical_continuation"]

#: Rung name (optionally ``name:preset``) -> (parameter, start, stop).
CANONICAL_CONTINUATIONS: dict[str, tuple[str, float, float]] = {
    "stuart_landau": ("alpha", -1.0, 1.0),
    "wilson_cowan": ("P_x", -5.0, 5.0),
    "wilson_cowan:A": ("P_x", -5.0, 5.0),
    "wilson_cowan:B": ("P_y", -10.0, 0.0),
    "damped_oscillator": ("alpha", -1.0, 1.0),
    "ei_motif": ("P_x", 0.0, 12.0),
    "jansen_rit": ("p", -80.0, 350.0),
    "wendling": ("p", -80.0, 350.0),
    "montbrio_pazo_roxin": ("eta", -10.0, 0.0),
    "montbrio_pazo_roxin_first_order": ("eta", -10.0, 0.0),
    "montbrio_pazo_roxin_second_order": ("eta", -10.0, 0.0),
    "ing": ("I", -20.0, 100.0),
    "ping": ("I_e", 0.0, 60.0),
    "nmm2_ei": ("I_e", 0.0, 60.0),
}


def canonical_continuation(model_name: str) -> tuple[str, float, float] | None:
    """Return ``(parameter, start, stop)`` of a rung's usual sweep, or None.

    Parameters
    ----------
    model_name : str
        Rung name, optionally with a preset as in ``"wilson_cowan:B"``.
    """
    if model_name in CANONICAL_CONTINUATIONS:
        return CANONICAL_CONTINUATIONS[model_name]
    return CANONICAL_CONTINUATIONS.get(model_name.partition(":")[0])
