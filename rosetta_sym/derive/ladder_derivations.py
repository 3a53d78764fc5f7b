"""The ladder as derivations: rebuild built-in rungs from their parents.

Each derivation starts from a parent (a built-in rung or the master neural
mass) and applies a short list of refinements. :func:`compare_models` checks
that the result computes the same thing as the declared rung: the same state,
parameter and input names, the same time unit and coupling, and right-hand
sides whose difference simplifies to zero once auxiliary functions are
expanded.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

import sympy as sp

from rosetta_sym import ladder
from rosetta_sym.derive import coordinates, limits, master, refinements, synapses
from rosetta_sym.model import Model, ModelError, Parameter
from rosetta_sym.model.functions import expand_auxiliary

__all__ = [
    "Derivation",
    "DERIVATIONS",
    "derive",
    "derivation_targets",
    "compare_models",
    "ModelComparison",
]

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Derivation:
    """How to rebuild rung ``target`` from ``parent`` (``route`` names the path)."""

    target: str
    route: str
    parent: str
    steps: Callable[[Model], Model]
    summary: str


def _parent(name: str) -> Model:
    if name == "master_first_order":
        return master.master_neural_mass("first", time_unit="1")
    if name == "master_second_order":
        return master.master_neural_mass("second", time_unit="ms")
    return ladder.get(name)


def _defaults_of(target: str, model: Model) -> Model:
    """Copy the declared rung's defaults, initial state and outputs.

    These are not part of the symbolic identity checked here, but copying
    them makes the derived model interchangeable with the rung. The outputs
    are set by a recorded refinement because they change what a simulation
    records.
    """
    declared = ladder.get(target)
    if dict(declared.outputs) != dict(model.outputs):
        model = refinements.set_outputs(model, declared.outputs)
    values = {
        p.name: p.value for p in declared.parameters if p.name in model.parameter_names
    }
    initial = {
        s.name: s.initial for s in declared.states if s.name in model.state_names
    }
    return model.with_parameters(values).with_initial(initial).replace(name=target)


def _damped(harmonic: Model) -> Model:
    return refinements.add_damping(harmonic, "alpha", -0.5)


def _stuart_landau(damped: Model) -> Model:
    return refinements.add_cubic_saturation(
        damped, "x", "y", gamma="gamma", beta="beta"
    )


def _wilson_cowan_fast_synapses(model: Model) -> Model:
    model = limits.fast_synapse_limit(model, ["s_x", "s_y"])
    model = refinements.fix_parameter(model, "gamma_x", 1.0)
    model = refinements.fix_parameter(model, "gamma_y", 1.0)
    return refinements.rename(model, {"r_x": "x", "r_y": "y"})


def _ei_motif_fast_membrane(model: Model) -> Model:
    model = limits.fast_membrane_limit(model, ["r_x", "r_y"])
    for parameter in ("w_xx", "w_yy", "theta"):
        model = refinements.fix_parameter(model, parameter, 0.0)
    mapping = {
        "s_x": "x",
        "s_x_dot": "x_dot",
        "s_y": "y",
        "s_y_dot": "y_dot",
        "tau_sx": "tau_x",
        "tau_sy": "tau_y",
    }
    return refinements.rename(model, mapping)


def _ei_motif_second_order(wilson_cowan: Model) -> Model:
    model = synapses.to_second_order_synapse(
        wilson_cowan, "x", "tau_x", "x_dot", gain="gamma_x"
    )
    model = synapses.to_second_order_synapse(
        model, "y", "tau_y", "y_dot", gain="gamma_y"
    )
    for parameter in ("w_xx", "w_yy", "theta"):
        model = refinements.fix_parameter(model, parameter, 0.0)
    # One Wilson-Cowan time unit becomes one millisecond.
    return coordinates.rescale_time(model, 1, "ms")


def _mpr_first_order(model: Model) -> Model:
    return synapses.insert_synapse(model, "r", "J", "s", "tau_s", 1.0, unit="ms")


def _mpr_second_order(model: Model) -> Model:
    model = _mpr_first_order(model)
    return synapses.to_second_order_synapse(
        model, "s", "tau_s", "z", form="alpha", derivative_scale="tau"
    )


def _ing(model: Model) -> Model:
    model = _mpr_second_order(model)
    magnitude = Parameter("J_ii", 20.0, "1", (0, None), "self-inhibition weight")
    model = refinements.substitute_parameter(
        model, "J", -sp.Symbol("J_ii", real=True), (magnitude,)
    )
    return refinements.rename(model, {"tau": "tau_i", "tau_s": "tau_g"})


#: Every derivation of a built-in rung, keyed by (target, route).
DERIVATIONS: dict[tuple[str, str], Derivation] = {
    (d.target, d.route): d
    for d in (
        Derivation(
            "damped_oscillator",
            "damping",
            "harmonic_oscillator",
            _damped,
            "add linear damping alpha",
        ),
        Derivation(
            "stuart_landau",
            "saturation",
            "damped_oscillator",
            _stuart_landau,
            "add the cubic term -(gamma + i beta)|z|^2 z",
        ),
        Derivation(
            "wilson_cowan",
            "fast_synapse",
            "master_first_order",
            _wilson_cowan_fast_synapses,
            "fast-synapse limit of the master neural mass, unit synaptic gains",
        ),
        Derivation(
            "ei_motif",
            "fast_membrane",
            "master_second_order",
            _ei_motif_fast_membrane,
            "fast-membrane limit of the master neural mass, no self-coupling",
        ),
        Derivation(
            "ei_motif",
            "second_order_synapses",
            "wilson_cowan",
            _ei_motif_second_order,
            "Wilson-Cowan with alpha synapses in place of first-order dynamics",
        ),
        Derivation(
            "montbrio_pazo_roxin_first_order",
            "first_order_synapse",
            "montbrio_pazo_roxin",
            _mpr_first_order,
            "filter the recurrent drive J r through tau_s s' = -s + r",
        ),
        Derivation(
            "montbrio_pazo_roxin_second_order",
            "alpha_synapse",
            "montbrio_pazo_roxin",
            _mpr_second_order,
            "first-order synapse, then its alpha-synapse form",
        ),
        Derivation(
            "ing",
            "inhibitory_alpha_synapse",
            "montbrio_pazo_roxin",
            _ing,
            "alpha synapse, then J = -J_ii (self-inhibition) and interneuron names",
        ),
    )
}


def derivation_targets() -> list[str]:
    """Return the rungs that have a derivation, bottom of the ladder first."""
    order = {name: k for k, name in enumerate(ladder.names())}
    targets = {target for target, _ in DERIVATIONS}
    return sorted(targets, key=lambda name: order.get(name, len(order)))


def routes(target: str) -> list[Derivation]:
    """Return the derivations of ``target`` (first one is the default)."""
    found = [d for (t, _), d in DERIVATIONS.items() if t == target]
    if not found:
        raise ModelError(
            f"no derivation of {target!r}; derivable rungs: "
            f"{', '.join(derivation_targets())}"
        )
    return found


def derive(target: str, route: str | None = None) -> Model:
    """Rebuild the built-in rung ``target`` from its parent by refinements.

    Parameters
    ----------
    target : str
        A rung listed by :func:`derivation_targets`.
    route : str, optional
        Which derivation to use when a rung has several (see :data:`DERIVATIONS`).

    Returns
    -------
    Model
        The derived model, named ``target``, with the declared rung's default
        parameter values and initial state, and a provenance step per
        refinement.
    """
    candidates = routes(target)
    if route is not None:
        candidates = [d for d in candidates if d.route == route]
        if not candidates:
            known = ", ".join(d.route for d in routes(target))
            raise ModelError(
                f"rung {target!r} has no route {route!r} (routes: {known})"
            )
    derivation = candidates[0]
    parent = _parent(derivation.parent)
    logger.info("deriving %s from %s (%s)", target, derivation.parent, derivation.route)
    return _defaults_of(target, derivation.steps(parent))


@dataclasses.dataclass(frozen=True)
class ModelComparison:
    """Result of comparing a derived model with a declared one."""

    equal: bool
    differences: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.equal


def _by_name(model: Model) -> dict[str, sp.Expr]:
    return {
        n: expand_auxiliary(e)
        for n, e in zip(model.state_names, model.rhs, strict=True)
    }


def compare_models(derived: Model, declared: Model) -> ModelComparison:
    """Compare two models up to the order of states, parameters and inputs.

    Names of states, parameters and inputs must agree as sets, and each state's
    right-hand side must agree symbolically: the difference, with auxiliary
    functions expanded and logistic functions written with ``exp``,
    simplifies to zero. Coupling kind, targets and sources and the time unit
    must agree too. Default values are not compared.
    """
    differences = []
    for role in ("state_names", "parameter_names", "input_names"):
        mine, theirs = set(getattr(derived, role)), set(getattr(declared, role))
        if mine != theirs:
            differences.append(
                f"{role}: only derived {sorted(mine - theirs)}, "
                f"only declared {sorted(theirs - mine)}"
            )
    if derived.time_unit != declared.time_unit:
        differences.append(f"time unit {derived.time_unit!r} != {declared.time_unit!r}")
    if differences:
        return ModelComparison(False, tuple(differences))
    left, right = _by_name(derived), _by_name(declared)
    for state in declared.state_names:
        if not _symbolically_equal(left[state], right[state]):
            differences.append(f"d{state}/dt: {left[state]} != {right[state]}")
    differences += _compare_coupling(derived, declared)
    return ModelComparison(not differences, tuple(differences))


def _symbolically_equal(a: sp.Expr, b: sp.Expr) -> bool:
    difference = a - b
    if difference == 0 or sp.expand(difference) == 0:
        return True
    return sp.simplify(difference.rewrite(sp.exp)) == 0


def _compare_coupling(derived: Model, declared: Model) -> list[str]:
    one, other = derived.coupling, declared.coupling
    if one is None or other is None:
        return [] if one is other else ["coupling declared on one model only"]
    if one.kind != other.kind or one.target != other.target:
        return [
            f"coupling {one.kind} -> {one.target} != {other.kind} -> {other.target}"
        ]
    return [
        f"coupling source {k}: {a} != {b}"
        for k, (a, b) in enumerate(zip(one.source, other.source, strict=True))
        if not _symbolically_equal(expand_auxiliary(a), expand_auxiliary(b))
    ]
