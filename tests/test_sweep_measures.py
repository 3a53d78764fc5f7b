"""Built-in sweep measures on synthetic signals with known values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rosetta_sym.sweep import MeasureError, SignalWindow, get_measure, register_measure
from rosetta_sym.sweep.measures import _REGISTRY, compute_measures, resolve_measures

RATE = 1000.0  # samples per second


def window_of(*signals, seconds=4.0, weights=None, time_unit="s"):
    t = np.arange(int(seconds * RATE)) / RATE
    data = np.stack([signal(t) for signal in signals], axis=1)
    return SignalWindow(data, 1.0 / RATE, time_unit, weights)


def sine(frequency, amplitude=1.0, phase=0.0, offset=0.0):
    return lambda t: offset + amplitude * np.sin(2 * np.pi * frequency * t + phase)


def measure(name, window):
    return get_measure(name).function(window)


def test_peak_frequency_of_sine():
    window = window_of(sine(10.0), sine(10.0, phase=1.0))
    assert measure("peak_frequency", window) == pytest.approx(10.0, abs=0.5)


def test_mean_frequency_of_two_tones():
    # Equal amplitudes at 6 and 20 Hz: the power-weighted mean is 13 Hz.
    window = window_of(lambda t: sine(6.0)(t) + sine(20.0)(t))
    assert measure("mean_frequency", window) == pytest.approx(13.0, abs=0.5)


def test_frequency_in_millisecond_models():
    t_ms = np.arange(4000) * 1.0
    data = np.sin(2 * np.pi * 0.010 * t_ms)[:, None]  # 10 Hz with time in ms
    window = SignalWindow(data, 1.0, "ms")
    assert measure("peak_frequency", window) == pytest.approx(10.0, abs=0.5)


def test_band_powers_follow_parseval():
    # The one-sided PSD integrates to the variance: amplitude a gives a**2 / 2.
    window = window_of(lambda t: sine(6.0, 1.0)(t) + sine(20.0, 2.0)(t))
    assert measure("power_theta", window) == pytest.approx(0.5, rel=0.05)
    assert measure("power_beta", window) == pytest.approx(2.0, rel=0.05)
    assert measure("power_alpha", window) < 0.01
    assert measure("power_delta", window) < 0.01
    assert measure("power_gamma", window) < 0.01


def test_gamma_band_reaches_nyquist():
    window = window_of(sine(80.0, 1.0))
    assert measure("power_gamma", window) == pytest.approx(0.5, rel=0.05)


def test_kuramoto_of_identical_phases():
    window = window_of(sine(10.0), sine(10.0, 3.0), sine(10.0, 0.5, offset=2.0))
    assert measure("kuramoto_mean", window) == pytest.approx(1.0, abs=1e-3)
    assert measure("kuramoto_std", window) == pytest.approx(0.0, abs=1e-3)


def test_kuramoto_of_two_detuned_oscillators():
    # For phases 2 pi f1 t and 2 pi f2 t, |Z(t)| = |cos(pi (f1 - f2) t)|, with
    # time average 2/pi and standard deviation sqrt(1/2 - 4/pi**2). Ten seconds
    # with a tenth trimmed at each end leave exactly four beat periods of 2 s.
    window = window_of(sine(10.0), sine(10.5), seconds=10.0)
    assert measure("kuramoto_mean", window) == pytest.approx(2 / np.pi, abs=0.02)
    expected_std = math.sqrt(0.5 - 4 / np.pi**2)
    assert measure("kuramoto_std", window) == pytest.approx(expected_std, abs=0.02)


def test_kuramoto_single_node_is_nan():
    assert math.isnan(measure("kuramoto_mean", window_of(sine(10.0))))


def test_functional_connectivity_against_corrcoef():
    rng = np.random.default_rng(1)
    data = rng.normal(size=(500, 4))
    data[:, 1] += data[:, 0]
    data[:, 3] = -2.0 * data[:, 2] + 1.0
    window = SignalWindow(data, 1e-3, "s")
    expected = np.corrcoef(data.T)
    np.testing.assert_allclose(measure("fc", window), expected, atol=1e-12)
    upper = expected[np.triu_indices(4, k=1)]
    assert measure("fc_mean", window) == pytest.approx(upper.mean(), abs=1e-12)


def test_fc_of_constant_node_is_nan():
    data = np.column_stack([np.sin(np.arange(100.0)), np.ones(100)])
    matrix = measure("fc", SignalWindow(data, 1e-3, "s"))
    assert matrix[0, 0] == 1.0
    assert np.isnan(matrix[0, 1])
    assert np.isnan(matrix[1, 1])


def test_fc_sc_correlation_against_corrcoef():
    rng = np.random.default_rng(2)
    data = rng.normal(size=(800, 5))
    data[:, 1] += 0.8 * data[:, 0]
    data[:, 4] += 0.5 * data[:, 3]
    weights = rng.uniform(size=(5, 5))
    window = SignalWindow(data, 1e-3, "s", weights)
    upper = np.triu_indices(5, k=1)
    fc = np.corrcoef(data.T)[upper]
    sc = (0.5 * (weights + weights.T))[upper]
    expected = np.corrcoef(fc, sc)[0, 1]
    assert measure("fc_sc_correlation", window) == pytest.approx(expected, abs=1e-12)


def test_fixed_point_of_decay_and_sine():
    decay = window_of(lambda t: 5.0 + np.exp(-t / 0.05), lambda t: -3.0 + 0 * t)
    assert measure("fixed_point", decay) == 1.0
    oscillation = window_of(sine(10.0, offset=5.0), lambda t: -3.0 + 0 * t)
    assert measure("fixed_point", oscillation) == 0.0


def test_amplitude_is_peak_to_peak():
    window = window_of(sine(10.0, 2.0), sine(7.0, 1.0))
    assert measure("amplitude", window) == pytest.approx((4.0 + 2.0) / 2, rel=1e-3)


def test_register_user_measure_and_duplicate():
    def last_value(window):
        return float(window.data[-1].mean())

    try:
        registered = register_measure("test_last_value", last_value, unit="mV")
        assert get_measure("test_last_value") is registered
        with pytest.raises(MeasureError, match="already registered"):
            register_measure("test_last_value", last_value)
        window = window_of(lambda t: t, lambda t: 2 * t)
        values, reason = compute_measures(window, [registered])
        assert reason == ""
        assert values["test_last_value"] == pytest.approx(1.5 * window.data[-1, 0])
    finally:
        _REGISTRY.pop("test_last_value", None)


def test_failing_measure_gives_nan_and_reason():
    def broken(window):
        raise ZeroDivisionError("no data")

    failing = register_measure("test_broken", broken)
    try:
        values, reason = compute_measures(window_of(sine(5.0)), [failing])
    finally:
        _REGISTRY.pop("test_broken", None)
    assert math.isnan(values["test_broken"])
    assert "test_broken failed: no data" in reason


def test_resolve_rejects_hz_measure_without_time_unit():
    with pytest.raises(MeasureError, match="time unit is '1'"):
        resolve_measures(["power_alpha"], time_unit="1", has_network=True)


def test_resolve_rejects_network_measure_for_one_node():
    with pytest.raises(MeasureError, match="needs a network"):
        resolve_measures(["kuramoto_mean"], time_unit="s", has_network=False)


def test_resolve_unknown_measure_lists_known():
    with pytest.raises(MeasureError, match="unknown measure 'alpha'; known measures"):
        resolve_measures(["alpha"], time_unit="s", has_network=True)


def test_default_measures_depend_on_model():
    names = [m.name for m in resolve_measures(None, time_unit="1", has_network=False)]
    assert "power_alpha" not in names
    assert "kuramoto_mean" not in names
    assert "peak_frequency" in names
    network = [m.name for m in resolve_measures(None, time_unit="s", has_network=True)]
    assert "fc" not in network
    assert "fc_sc_correlation" in network
