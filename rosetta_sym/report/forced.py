"""Forced response: resonance curves and entrainment maps.

Resonance: around a stable focus, a small sinusoidal forcing ``A sin(W t)`` on
the forcing input gives an observable oscillation of amplitude ``A |G(W)|``
(see :mod:`rosetta_sym.report.linear_response`). Simulations with the generated
kernels at a set of forcing frequencies check it.

Entrainment: on a limit cycle, a grid of forcing frequencies and amplitudes
shows where the rhythm locks 1:1 to the forcing (an Arnold tongue). The
phase-locking value measures the locking.
"""

from __future__ import annotations

import logging

import numpy as np

from rosetta_sym.report.context import RungContext, SectionSkipped
from rosetta_sym.report.figures import new_figure, pyplot, save_figure
from rosetta_sym.report.linear_response import (
    choose_operating_point,
    input_vector,
    transfer_function,
)
from rosetta_sym.report.observables import observable_along, time_unit_name
from rosetta_sym.report.runs import run_forced, run_parameter_sets
from rosetta_sym.report.signals import (
    crossing_frequency,
    lock_in_amplitude,
    phase_locking,
)

__all__ = ["forced_section", "resonance_curve", "entrainment_map"]

logger = logging.getLogger(__name__)

#: Rungs with a resonance curve and rungs with an entrainment map.
RESONANCE_RUNGS = ("damped_oscillator", "stuart_landau", "wilson_cowan")
ENTRAINMENT_RUNGS = ("stuart_landau", "wilson_cowan", "jansen_rit")

#: Simulated forcing frequencies of the resonance curve (full, quick).
RESONANCE_SAMPLES = (24, 10)
#: Entrainment grid: forcing frequencies x amplitudes (full, quick).
ENTRAINMENT_GRID = ((21, 10), (9, 5))
#: The operating point's decay time is at most the single-node run length over
#: this number, and the resonance runs discard TRANSIENT_DECAY_TIMES decay times.
DECAY_TIMES_PER_RUN = 10.0
TRANSIENT_DECAY_TIMES = 8.0
#: Largest response of the linearised observable, as a fraction of its scale,
#: so the simulated response stays in the linear regime.
LINEAR_FRACTION = 0.01


def forced_section(context: RungContext) -> dict:
    """Compute the resonance curve and/or entrainment map of the rung.

    Raises
    ------
    SectionSkipped
        When the rung has neither (it is not in :data:`RESONANCE_RUNGS` or
        :data:`ENTRAINMENT_RUNGS`).
    """
    name = context.name
    if name not in RESONANCE_RUNGS and name not in ENTRAINMENT_RUNGS:
        raise SectionSkipped(
            "the report draws resonance curves for "
            f"{', '.join(RESONANCE_RUNGS)} and entrainment maps for "
            f"{', '.join(ENTRAINMENT_RUNGS)}"
        )
    section: dict = {"summary": [], "figures": [], "notes": []}
    if name in RESONANCE_RUNGS:
        try:
            resonance = resonance_curve(context)
        except SectionSkipped as reason:
            section["notes"].append(f"No resonance curve: {reason}.")
        else:
            section["resonance"] = resonance
            section["summary"] += resonance.pop("summary")
            section["figures"].append(resonance.pop("figure"))
    if name in ENTRAINMENT_RUNGS:
        entrainment = entrainment_map(context)
        section["entrainment"] = entrainment
        section["summary"] += entrainment.pop("summary")
        if "figure" in entrainment:
            section["figures"].append(entrainment.pop("figure"))
        section["notes"] += entrainment.pop("notes", [])
    return section


def _forcing_input(model) -> str:
    return model.forcing_input or model.input_names[0]


def resonance_curve(context: RungContext) -> dict:
    """Linear resonance curve ``A |G(W)|`` and its check by simulation."""

    model = context.model
    settings = context.settings
    operating = choose_operating_point(
        model,
        context.shared.get("fixed_points", []),
        context.shared.get("continuation"),
        max_decay=settings.duration / DECAY_TIMES_PER_RUN,
    )
    if operating is None:
        raise SectionSkipped(
            f"{model.name} has no stable focus at its default parameters or along "
            "its continuation, so it has no linear resonance"
        )
    forcing_input = _forcing_input(model)
    p = model.parameter_vector_with(operating.parameters)
    b, c = input_vector(model, forcing_input, operating.state, p)
    omega0 = operating.natural_angular_frequency
    dense = np.linspace(0.2 * omega0, 2.0 * omega0, 400)
    gain_dense = np.abs(transfer_function(operating.jacobian, b, c, dense))

    _, observable_star = observable_along(model, operating.state[None, :], None, None)
    scale = max(1.0, abs(float(observable_star[0])))
    amplitude = LINEAR_FRACTION * scale / float(gain_dense.max())

    count = RESONANCE_SAMPLES[1] if context.options.quick else RESONANCE_SAMPLES[0]
    sampled = np.linspace(0.3 * omega0, 1.9 * omega0, count)
    gain_sampled = np.abs(transfer_function(operating.jacobian, b, c, sampled))
    # The transient lasts at least TRANSIENT_DECAY_TIMES decay times, so the
    # free response has shrunk by exp(-TRANSIENT_DECAY_TIMES) before measuring.
    transient = max(settings.transient, TRANSIENT_DECAY_TIMES * operating.decay_time)
    duration = transient + (settings.duration - settings.transient)
    time, observable = run_forced(
        context,
        operating.parameters,
        [(amplitude, w) for w in sampled],
        duration=duration,
        initial_state=operating.state,
        progress_label=f"{model.name} resonance",
    )
    keep = time >= transient
    simulated = np.array(
        [
            lock_in_amplitude(observable[k, keep], time[keep], w)
            for k, w in enumerate(sampled)
        ]
    )
    analytic = amplitude * gain_sampled
    relative_error = np.abs(simulated - analytic) / analytic
    peak = float(dense[int(np.argmax(gain_dense))])

    plt = pyplot()
    figure, axes = new_figure(plt, (6.4, 4.0))
    axes.plot(dense, amplitude * gain_dense, color="k", label="linear response A|G(W)|")
    axes.plot(sampled, simulated, "o", color="tab:red", label="simulation")
    axes.axvline(omega0, color="0.6", linestyle=":", label="Im of leading eigenvalue")
    axes.set_xlabel(f"forcing angular frequency W [rad/{time_unit_name(model)}]")
    axes.set_ylabel(f"amplitude of {next(iter(model.outputs))}")
    axes.set_title(f"{model.name}: resonance at {_describe(operating.parameters)}")
    axes.legend(fontsize=8)
    file = save_figure(figure, context.figure_path("resonance"))
    return {
        "operating_parameters": operating.parameters,
        "equilibrium": operating.state,
        "eigenvalues": operating.eigenvalues,
        "forcing_input": forcing_input,
        "forcing_amplitude": amplitude,
        "input_vector": b,
        "angular_frequencies": sampled,
        "analytic_amplitude": analytic,
        "simulated_amplitude": simulated,
        "relative_error": relative_error,
        "peak_angular_frequency": peak,
        "peak_amplitude": float(amplitude * gain_dense.max()),
        "summary": [
            ["resonance: operating point", _describe(operating.parameters), ""],
            ["resonance: leading eigenvalue", operating.eigenvalues[0], ""],
            ["resonance: forcing input", forcing_input, ""],
            ["resonance: forcing amplitude A", amplitude, ""],
            ["resonance: peak of A|G(W)| at W", peak, f"rad/{time_unit_name(model)}"],
            ["resonance: peak amplitude", float(amplitude * gain_dense.max()), ""],
            [
                "resonance: largest relative error, simulation vs linear",
                float(relative_error.max()),
                "",
            ],
        ],
        "figure": {
            "file": file,
            "caption": (
                f"Resonance curve of {model.name}: amplitude of the observable under "
                f"forcing A sin(W t) on input {forcing_input}, from the transfer "
                "function G(W) = c^T (iW - J)^-1 b of the linearisation (line) and "
                "from simulations with the generated kernels (dots)."
            ),
        },
    }


def _describe(parameters: dict) -> str:
    if not parameters:
        return "default parameters"
    return ", ".join(f"{name} = {value:.6g}" for name, value in parameters.items())


def entrainment_map(context: RungContext) -> dict:
    """Phase-locking value over forcing frequency and amplitude on a limit cycle."""

    model = context.model
    unit = time_unit_name(model)
    settings = context.settings
    time, free = run_parameter_sets(
        context, [{}], duration=settings.duration, progress_label=None
    )
    keep = time >= settings.transient
    swing = float(np.ptp(free[0, keep]))
    if not np.isfinite(swing) or swing <= 1e-6 * max(
        1.0, float(np.abs(free[0, keep]).max())
    ):
        return {
            "summary": [["entrainment: free-running oscillation", False, ""]],
            "notes": [
                f"{model.name} does not oscillate at its default parameters, so it "
                "has no rhythm to entrain."
            ],
        }
    natural = crossing_frequency(free[0, keep], time[keep])
    omega0 = 2.0 * np.pi * natural
    n_freq, n_amp = (
        ENTRAINMENT_GRID[1] if context.options.quick else ENTRAINMENT_GRID[0]
    )
    ratios = np.linspace(0.5, 1.5, n_freq)
    amplitudes = np.linspace(0.0, settings.entrainment_amplitude, n_amp + 1)[1:]
    grid = [(a, r * omega0) for a in amplitudes for r in ratios]
    time, observable = run_forced(
        context,
        {},
        grid,
        duration=settings.duration,
        initial_state=None,
        progress_label=f"{model.name} entrainment",
    )
    keep = time >= settings.transient
    locking = np.array(
        [
            phase_locking(observable[k, keep], time[keep], w)
            for k, (_, w) in enumerate(grid)
        ]
    ).reshape(n_amp, n_freq)

    plt = pyplot()
    figure, axes = new_figure(plt, (6.4, 4.2), right=0.88)
    image = axes.pcolormesh(
        ratios, amplitudes, locking, vmin=0.0, vmax=1.0, cmap="viridis"
    )
    figure.colorbar(image, ax=axes, label="1:1 phase-locking value")
    axes.set_xlabel("forcing frequency / natural frequency")
    axes.set_ylabel(f"forcing amplitude on {_forcing_input(model)}")
    axes.set_title(
        f"{model.name}: entrainment, natural frequency {natural:.4g} per {unit}"
    )
    file = save_figure(figure, context.figure_path("entrainment"))
    locked = locking > 0.9
    return {
        "natural_frequency": natural,
        "frequency_ratios": ratios,
        "amplitudes": amplitudes,
        "phase_locking": locking,
        "summary": [
            ["entrainment: natural frequency", natural, f"cycles/{unit}"],
            ["entrainment: forcing input", _forcing_input(model), ""],
            ["entrainment: grid points", len(grid), ""],
            [
                "entrainment: fraction of grid locked (value > 0.9)",
                float(locked.mean()),
                "",
            ],
        ],
        "figure": {
            "file": file,
            "caption": (
                f"Entrainment map of {model.name}: 1:1 phase-locking value between "
                "the observable's Hilbert phase and a forcing A sin(W t), over W "
                "relative to the natural frequency and over A. Values near 1 form "
                "the Arnold tongue."
            ),
        },
    }
