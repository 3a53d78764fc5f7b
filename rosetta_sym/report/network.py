"""Network run on the structural connectome with conduction delays.

Every node is a copy of the rung at its default parameters. Nodes are coupled
as the rung declares (additive excitatory input, diffusive, or sine coupling)
through the connectome weights scaled to a largest eigenvalue of 1. Delays are
``tau_ij = d_ij / v``, from the tract lengths ``d_ij`` and the velocity ``v``.
The section shows a few regions' time series, their power spectra, the
functional connectivity (Pearson correlation of the observable) against the
structural one, and the Kuramoto order parameter of the node phases.
"""

from __future__ import annotations

import logging

import numpy as np

from rosetta_sym.report.context import RungContext
from rosetta_sym.report.figures import new_figure, pyplot, save_figure
from rosetta_sym.report.observables import time_unit_name
from rosetta_sym.report.runs import phase_states, run_network
from rosetta_sym.report.signals import (
    analytic_phase,
    functional_connectivity,
    order_parameter,
    peak_frequency,
    power_spectrum,
    upper_triangle_correlation,
)

__all__ = ["network_section", "node_phases"]

logger = logging.getLogger(__name__)

#: Number of regions whose time series the figure shows.
SHOWN_REGIONS = 4


def node_phases(model, data: dict[str, np.ndarray]) -> tuple[np.ndarray, str]:
    """Return the phase of every node and how it was obtained.

    Parameters
    ----------
    model : Model
    data : dict of str to ndarray, each (n_samples, n_nodes)
        Recorded variables by name: the observable and the states of
        :func:`rosetta_sym.report.runs.phase_states`.

    Returns
    -------
    phases : ndarray, shape (n_samples, n_nodes)
        In rad.
    method : str
        ``"phase state"`` for the phase of sine-coupled rungs, ``"angle of
        x + iy"`` for the oscillator rungs, else ``"Hilbert"``: the phase of the
        analytic signal of the observable.
    """

    names = phase_states(model)
    if len(names) == 1:
        return data[names[0]], "phase state"
    if len(names) == 2:
        return np.arctan2(data[names[1]], data[names[0]]), "angle of x + iy"
    return analytic_phase(data[next(iter(model.outputs))]), "Hilbert"


def network_section(context: RungContext) -> dict:
    """Run the rung on the connectome and measure spectra, FC and synchrony."""

    model = context.model
    unit = time_unit_name(model)
    settings = context.settings
    connectome = context.connectome
    run = run_network(context)
    time, data, delays = run["time"], run["data"], run["delays"]
    observable_name = next(iter(model.outputs))
    keep = time >= settings.transient
    signals = data[observable_name][keep]
    dt = float(time[1] - time[0])
    if not np.all(np.isfinite(signals)):
        raise FloatingPointError(
            f"{model.name}: the network run produced non-finite values; lower the "
            f"coupling ({settings.coupling}) or the step ({settings.network_dt})"
        )

    frequencies, power = power_spectrum(signals, dt)
    mean_power = power.mean(axis=1)
    peak = peak_frequency(frequencies, mean_power)
    to_hz = _hz_factor(model)
    fc = functional_connectivity(signals)
    sc = connectome.dense_weights()
    fc_sc = upper_triangle_correlation(fc, sc)
    phases, phase_method = node_phases(model, {k: v[keep] for k, v in data.items()})
    synchrony_time = time[keep]
    if phase_method == "Hilbert":
        # The Hilbert transform distorts the phase near both ends of a finite
        # record; drop 5 % at each end.
        edge = len(synchrony_time) // 20
        phases = phases[edge : len(phases) - edge]
        synchrony_time = synchrony_time[edge : len(synchrony_time) - edge]
    synchrony = order_parameter(phases)
    regions = _shown_regions(sc)
    labels = [connectome.labels[i] for i in regions]

    file = _draw(
        context,
        time,
        data[observable_name],
        regions,
        labels,
        frequencies,
        power,
        peak,
        fc,
        sc,
        fc_sc,
        synchrony_time,
        synchrony,
    )
    positive = delays[sc > 0] if delays is not None else np.array([])
    if delays is None:
        delay_text = "without delays (the connectome has no tract lengths)"
        velocity_row = ["conduction velocity", "none (no tract lengths)", ""]
    else:
        delay_text = "with delays"
        velocity_row = ["conduction velocity", settings.velocity, "m/s"]
    summary = [
        ["regions", connectome.n_nodes, ""],
        [
            "global coupling G (weights scaled to largest eigenvalue 1)",
            settings.coupling,
            "",
        ],
        velocity_row,
        [
            "mean delay over connections",
            float(positive.mean()) if positive.size else 0.0,
            unit,
        ],
        [
            "largest delay",
            float(positive.max()) if positive.size else 0.0,
            unit,
        ],
        ["noise standard deviation", settings.noise, ""],
        ["duration (transient discarded)", settings.network_duration, unit],
        ["time step", run["dt"], unit],
        ["peak frequency of the mean spectrum", peak, f"cycles/{unit}"],
    ]
    if to_hz is not None:
        summary.append(["peak frequency of the mean spectrum", peak * to_hz, "Hz"])
    summary += [
        ["FC-SC correlation (upper triangles, Pearson)", fc_sc, ""],
        ["mean FC (off-diagonal)", float(_off_diagonal_mean(fc)), ""],
        ["Kuramoto order parameter, mean of |Z|", float(synchrony.mean()), ""],
        [
            "Kuramoto order parameter, standard deviation of |Z|",
            float(synchrony.std()),
            "",
        ],
        ["phase from", phase_method, ""],
    ]
    return {
        "connectome": connectome.identity(),
        "coupling": settings.coupling,
        "velocity_m_per_s": settings.velocity,
        "method": run["method"],
        "dt": run["dt"],
        "shown_regions": labels,
        "peak_frequency": peak,
        "peak_frequency_hz": peak * to_hz if to_hz is not None else None,
        "fc_sc_correlation": fc_sc,
        "order_parameter_mean": float(synchrony.mean()),
        "order_parameter_std": float(synchrony.std()),
        "phase_method": phase_method,
        "spectrum_frequencies": frequencies,
        "spectrum_mean_power": mean_power,
        "summary": summary,
        "figures": [
            {
                "file": file,
                "caption": (
                    f"{model.name} on {connectome.identity()} {delay_text}: "
                    f"{observable_name} of {len(regions)} regions, Welch power spectra "
                    "(mean in black), the structural (SC) and functional (FC) "
                    "connectivity with their correlation, and the Kuramoto order "
                    "parameter |Z(t)| after the transient."
                ),
            }
        ],
    }


def _hz_factor(model) -> float | None:
    if model.time_unit == "s":
        return 1.0
    if model.time_unit == "ms":
        return 1000.0
    return None


def _off_diagonal_mean(matrix: np.ndarray) -> float:
    mask = ~np.eye(matrix.shape[0], dtype=bool)
    return float(matrix[mask].mean())


def _shown_regions(weights: np.ndarray) -> list[int]:
    """Pick regions spread over the range of in-strength, strongest first."""
    strength = weights.sum(axis=1)
    order = np.argsort(strength)[::-1]
    picks = np.linspace(0, len(order) - 1, min(SHOWN_REGIONS, len(order))).round()
    return [int(order[int(i)]) for i in picks]


def _draw(
    context,
    time,
    observable,
    regions,
    labels,
    frequencies,
    power,
    peak,
    fc,
    sc,
    fc_sc,
    synchrony_time,
    synchrony,
) -> str:
    plt = pyplot()
    model = context.model
    figure, axes = new_figure(plt, (13.0, 7.0), rows=2, columns=3)
    # The colour bars of the SC and FC images sit between the columns, so the
    # columns need more room than the default, or the FC colour bar's label
    # runs into the tick labels and y label of the FC-SC scatter.
    figure.subplots_adjust(wspace=0.55)
    window = time >= time[-1] - 0.25 * (time[-1] - time[0])
    for index, label in zip(regions, labels, strict=True):
        axes[0, 0].plot(
            time[window], observable[window, index], linewidth=0.8, label=label
        )
    axes[0, 0].set_xlabel(f"time [{time_unit_name(model)}]")
    axes[0, 0].set_ylabel(next(iter(model.outputs)))
    axes[0, 0].set_title("regions (last quarter of the run)")
    axes[0, 0].legend(fontsize=7)

    for index in regions:
        axes[0, 1].semilogy(frequencies[1:], power[1:, index], linewidth=0.7)
    axes[0, 1].semilogy(
        frequencies[1:], power[1:].mean(axis=1), color="k", linewidth=1.5
    )
    shown_max = min(frequencies[-1], 5.0 * peak)
    axes[0, 1].set_xlim(0.0, shown_max)
    visible = power[1:][frequencies[1:] <= shown_max]
    if visible.size and visible.max() > 0:
        axes[0, 1].set_ylim(visible.max() * 1e-8, visible.max() * 3.0)
    axes[0, 1].set_xlabel(f"frequency [cycles/{time_unit_name(model)}]")
    axes[0, 1].set_ylabel("power spectral density")
    axes[0, 1].set_title("power spectra")

    axes[0, 2].plot(synchrony_time, synchrony, color="k", linewidth=0.8)
    axes[0, 2].set_ylim(0.0, 1.05)
    axes[0, 2].set_xlabel(f"time [{time_unit_name(model)}]")
    axes[0, 2].set_ylabel("|Z(t)|")
    axes[0, 2].set_title("Kuramoto order parameter")

    image = axes[1, 0].imshow(sc, cmap="magma")
    figure.colorbar(image, ax=axes[1, 0], label="weight")
    axes[1, 0].set_title("structural connectivity (SC)")
    image = axes[1, 1].imshow(fc, vmin=-1.0, vmax=1.0, cmap="RdBu_r")
    figure.colorbar(image, ax=axes[1, 1], label="Pearson r")
    axes[1, 1].set_title("functional connectivity (FC)")

    rows, columns = np.triu_indices(sc.shape[0], k=1)
    axes[1, 2].plot(
        sc[rows, columns], fc[rows, columns], ".", markersize=2, color="0.3"
    )
    axes[1, 2].set_xlabel("SC weight")
    axes[1, 2].set_ylabel("FC")
    axes[1, 2].set_title(f"FC vs SC: r = {fc_sc:.3f}")

    figure.suptitle(f"{model.name} on the connectome")
    return save_figure(figure, context.figure_path("network"))
