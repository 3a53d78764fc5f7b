"""Measurements on simulated signals: spectra, amplitudes, phases, connectivity."""

from __future__ import annotations

import numpy as np
import scipy.signal

__all__ = [
    "power_spectrum",
    "peak_frequency",
    "crossing_frequency",
    "lock_in_amplitude",
    "phase_locking",
    "functional_connectivity",
    "upper_triangle_correlation",
    "order_parameter",
    "analytic_phase",
]


def power_spectrum(signal: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Welch power spectral density along the first axis.

    Parameters
    ----------
    signal : ndarray, shape (n_samples,) or (n_samples, n_channels)
    dt : float
        Sampling interval in model time units.

    Returns
    -------
    frequencies : ndarray, shape (n_frequencies,)
        In cycles per model time unit.
    power : ndarray, shape (n_frequencies,) or (n_frequencies, n_channels)
    """
    n_samples = signal.shape[0]
    # Segments of half the record with 50 % overlap (three segments): a
    # frequency resolution of 2 / duration, with some averaging against noise.
    segment = min(n_samples, max(256, n_samples // 2))
    frequencies, power = scipy.signal.welch(
        signal, fs=1.0 / dt, nperseg=segment, axis=0, detrend="constant"
    )
    return frequencies, power


def peak_frequency(frequencies: np.ndarray, power: np.ndarray) -> float:
    """Frequency of the largest power above zero frequency (same unit as input)."""
    if power.ndim > 1:
        power = power.mean(axis=1)
    index = 1 + int(np.argmax(power[1:]))
    return float(frequencies[index])


def crossing_frequency(signal: np.ndarray, time: np.ndarray) -> float:
    """Frequency from upward crossings of the signal's mean, in cycles per unit.

    Crossing times are interpolated linearly between samples, so the estimate
    is far finer than a spectral peak of a short run. Returns NaN with fewer
    than two crossings.
    """
    centred = signal - signal.mean()
    upward = np.flatnonzero((centred[:-1] < 0.0) & (centred[1:] >= 0.0))
    if upward.size < 2:
        return float("nan")
    fraction = -centred[upward] / (centred[upward + 1] - centred[upward])
    crossings = time[upward] + fraction * (time[upward + 1] - time[upward])
    return float((crossings.size - 1) / (crossings[-1] - crossings[0]))


def lock_in_amplitude(signal: np.ndarray, time: np.ndarray, angular: float) -> float:
    """Amplitude of the component of ``signal`` at angular frequency ``angular``.

    Projects the signal onto ``cos`` and ``sin`` over a whole number of forcing
    periods, which removes leakage from the mean and from other frequencies.

    Parameters
    ----------
    signal, time : ndarray, shape (n_samples,)
        Samples and their times in model units; the mean is removed.
    angular : float
        Angular frequency in rad per model time unit.
    """
    period = 2.0 * np.pi / angular
    n_periods = int((time[-1] - time[0]) // period)
    if n_periods >= 1:
        keep = time >= time[-1] - n_periods * period
        signal, time = signal[keep], time[keep]
    centred = signal - signal.mean()
    in_phase = 2.0 * np.mean(centred * np.cos(angular * time))
    quadrature = 2.0 * np.mean(centred * np.sin(angular * time))
    return float(np.hypot(in_phase, quadrature))


def analytic_phase(signal: np.ndarray) -> np.ndarray:
    """Phase of the analytic signal (Hilbert transform) along the first axis."""
    centred = signal - signal.mean(axis=0)
    return np.angle(scipy.signal.hilbert(centred, axis=0))


def phase_locking(signal: np.ndarray, time: np.ndarray, angular: float) -> float:
    """1:1 phase-locking value between ``signal`` and a forcing at ``angular``.

    ``|mean(exp(i (phi(t) - angular t)))|``: 1 when the signal keeps a fixed
    phase to the forcing, near 0 when it drifts.
    """
    phase = analytic_phase(signal)
    return float(np.abs(np.mean(np.exp(1j * (phase - angular * time)))))


def functional_connectivity(signals: np.ndarray) -> np.ndarray:
    """Pearson correlation matrix of the columns of ``signals`` (n_samples, n_nodes).

    Nodes with a constant signal get zero correlation instead of NaN.
    """
    centred = signals - signals.mean(axis=0)
    norms = np.sqrt(np.sum(centred**2, axis=0))
    norms[norms == 0.0] = np.inf
    normalised = centred / norms
    matrix = normalised.T @ normalised
    np.fill_diagonal(matrix, 1.0)
    return matrix


def upper_triangle_correlation(first: np.ndarray, second: np.ndarray) -> float:
    """Pearson correlation of the strict upper triangles of two square matrices."""
    rows, columns = np.triu_indices(first.shape[0], k=1)
    a, b = first[rows, columns], second[rows, columns]
    if np.std(a) == 0.0 or np.std(b) == 0.0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def order_parameter(phases: np.ndarray) -> np.ndarray:
    """Kuramoto order parameter ``|Z(t)|``, ``Z = mean_j exp(i theta_j)``.

    Parameters
    ----------
    phases : ndarray, shape (n_samples, n_nodes)
        Phases in rad.

    Returns
    -------
    ndarray, shape (n_samples,)
    """
    return np.abs(np.mean(np.exp(1j * phases), axis=1))
