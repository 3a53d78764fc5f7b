"""The JSON form of an analysis (``rosetta analyze --json``).

The layout is documented in ``docs/analyze-json.md``; bump
:data:`SCHEMA_VERSION` when a field changes meaning or disappears.
"""

from __future__ import annotations

import math

from rosetta_sym.analysis.analyze import Analysis
from rosetta_sym.analysis.results import Bifurcation, Continuation, FixedPoint
from rosetta_sym.io import print_expression

__all__ = [
    "SCHEMA_VERSION",
    "analysis_to_json",
    "fixed_point_to_json",
    "bifurcation_to_json",
]

#: Version of the JSON layout.
SCHEMA_VERSION = 1


def _number(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def fixed_point_to_json(point: FixedPoint) -> dict:
    """Return the JSON object of one fixed point."""
    return {
        "state": {k: _number(v) for k, v in point.state.items()},
        "eigenvalues": [[_number(z.real), _number(z.imag)] for z in point.eigenvalues],
        "stable": bool(point.stable),
        "type": point.type,
        "method": point.method,
    }


def bifurcation_to_json(bifurcation: Bifurcation) -> dict:
    """Return the JSON object of one bifurcation."""
    return {
        "kind": bifurcation.kind,
        "parameter": bifurcation.parameter,
        "value": _number(bifurcation.value),
        "state": {k: _number(v) for k, v in bifurcation.state.items()},
        "omega": _number(bifurcation.omega),
        "frequency_hz": _number(bifurcation.frequency_hz),
        "first_lyapunov": _number(bifurcation.first_lyapunov),
        "criticality": bifurcation.criticality,
    }


def _continuation_to_json(continuation: Continuation) -> dict:
    return {
        "parameter": continuation.parameter,
        "method": continuation.method,
        "start": _number(continuation.values.min())
        if continuation.values.size
        else None,
        "stop": _number(continuation.values.max())
        if continuation.values.size
        else None,
        "points": int(continuation.values.size),
        "branches": int(continuation.branch.max() + 1)
        if continuation.branch.size
        else 0,
        "segments": [
            {
                "branch": int(s.branch),
                "start": _number(s.start),
                "stop": _number(s.stop),
                "stable": bool(s.stable),
                "type": s.type,
            }
            for s in continuation.segments
        ],
        "neutral_saddles": [_number(v) for v in continuation.neutral_saddles],
        "early_stops": [
            {"branch": int(e.branch), "value": _number(e.value), "reason": e.reason}
            for e in continuation.early_stops
        ],
    }


def analysis_to_json(analysis: Analysis) -> dict:
    """Return the JSON-serialisable dict of ``analysis``.

    Non-finite numbers become ``null``.
    """
    model = analysis.model
    jac = analysis.jacobian
    document = {
        "schema_version": SCHEMA_VERSION,
        "model": model.name,
        "hash": model.hash,
        "time_unit": model.time_unit,
        "parameters": {k: _number(v) for k, v in analysis.parameters.items()},
        "states": list(model.state_names),
        "jacobian": [
            [print_expression(jac[i, j]) for j in range(jac.shape[1])]
            for i in range(jac.shape[0])
        ],
        "hopf_condition": analysis.hopf_condition.as_strings(),
        "fixed_points": [fixed_point_to_json(p) for p in analysis.fixed_points],
        "bifurcations": [],
        "continuation": None,
    }
    if analysis.continuation is not None:
        document["bifurcations"] = [
            bifurcation_to_json(b) for b in analysis.continuation.bifurcations
        ]
        document["continuation"] = _continuation_to_json(analysis.continuation)
    return document
