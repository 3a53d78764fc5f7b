"""Connectome loading and validation, forcing terms, noise streams."""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np
import pytest
import scipy.io
import scipy.sparse

from rosetta_sym import ladder
from rosetta_sym.simulate import (
    Chirp,
    Connectome,
    ConnectomeError,
    OrnsteinUhlenbeck,
    PulseTrain,
    Sampled,
    Sinusoid,
    Step,
    load_connectome,
    parse_forcing,
    synthetic_connectome,
)
from rosetta_sym.simulate.forcing import ForcingPlan
from rosetta_sym.simulate.noise import NoiseStream, noise_amplitudes


def write_tvb_zip(path, weights, lengths, labels, folder=""):
    def text(matrix):
        buffer = io.StringIO()
        np.savetxt(buffer, matrix)
        return buffer.getvalue()

    centres = "".join(
        f"{label} {k}.0 {2 * k}.0 {3 * k}.0\n" for k, label in enumerate(labels)
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(folder + "weights.txt", text(weights))
        archive.writestr(folder + "tract_lengths.txt", text(lengths))
        archive.writestr(folder + "centres.txt", centres)


def test_tvb_zip_loaded(tmp_path):
    rng = np.random.default_rng(0)
    weights = rng.uniform(size=(5, 5))
    lengths = rng.uniform(10, 100, size=(5, 5))
    path = tmp_path / "connectivity_5.zip"
    write_tvb_zip(path, weights, lengths, ["rA", "rB", "rC", "lA", "lB"], "sub/")
    connectome = load_connectome(path)
    np.testing.assert_allclose(connectome.weights, weights)
    np.testing.assert_allclose(connectome.tract_lengths, lengths)
    assert connectome.labels == ("rA", "rB", "rC", "lA", "lB")
    np.testing.assert_allclose(connectome.centres[2], [2.0, 4.0, 6.0])


def test_tvb_shortcut_76():
    pytest.importorskip("tvb_data")
    connectome = load_connectome("tvb:76")
    assert connectome.n_nodes == 76
    assert connectome.tract_lengths.shape == (76, 76)
    assert len(connectome.labels) == 76
    assert connectome.labels[0] == "rA1"
    assert connectome.name == "tvb:76"


def test_tvb_shortcut_unknown_size():
    with pytest.raises(ConnectomeError, match="tvb-data ships sizes"):
        load_connectome("tvb:77")


@pytest.mark.parametrize("suffix", [".npy", ".csv", ".txt", ".mat", ".npz"])
def test_matrix_files_loaded(tmp_path, suffix):
    weights = np.arange(9.0).reshape(3, 3)
    path = tmp_path / f"weights{suffix}"
    if suffix == ".npy":
        np.save(path, weights)
    elif suffix == ".csv":
        np.savetxt(path, weights, delimiter=",")
    elif suffix == ".txt":
        np.savetxt(path, weights)
    elif suffix == ".npz":
        np.savez(path, weights=weights, tract_lengths=weights + 1)
    else:
        scipy.io.savemat(path, {"SC": weights})
    connectome = load_connectome(path)
    np.testing.assert_allclose(connectome.dense_weights(), weights)


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (1, 2, np.nan, "non-finite entry at row 1, column 2, value nan"),
        (2, 0, -0.5, "entry at row 2, column 0, value -0.5 is negative"),
        (0, 1, np.inf, "non-finite entry at row 0, column 1, value inf"),
    ],
)
def test_invalid_weights_name_entry(row, column, value, message):
    weights = np.ones((3, 3))
    weights[row, column] = value
    with pytest.raises(ConnectomeError, match=message):
        Connectome(weights)


def test_invalid_shapes_rejected():
    with pytest.raises(ConnectomeError, match="square"):
        Connectome(np.ones((2, 3)))
    with pytest.raises(ConnectomeError, match="tract lengths have shape"):
        Connectome(np.ones((3, 3)), tract_lengths=np.ones((2, 2)))
    lengths = np.ones((3, 3))
    lengths[0, 2] = -1.0
    with pytest.raises(ConnectomeError, match="tract lengths must be non-negative"):
        Connectome(np.ones((3, 3)), tract_lengths=lengths)


def test_normalisations():
    weights = np.array([[0.0, 2.0, 2.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    rows = Connectome(weights).normalised("row_sum").dense_weights()
    np.testing.assert_allclose(rows.sum(axis=1), [1.0, 1.0, 0.0])
    spectral = Connectome(weights).normalised("max_eigenvalue").dense_weights()
    assert np.max(np.abs(np.linalg.eigvals(spectral))) == pytest.approx(1.0)
    sparse = Connectome(scipy.sparse.csr_matrix(weights)).normalised("row_sum")
    np.testing.assert_allclose(sparse.dense_weights(), rows)


def test_synthetic_connectome_seeded():
    first = synthetic_connectome(30, seed=1)
    again = synthetic_connectome(30, seed=1)
    other = synthetic_connectome(30, seed=2)
    np.testing.assert_array_equal(first.weights, again.weights)
    assert not np.array_equal(first.weights, other.weights)
    np.testing.assert_array_equal(first.weights, first.weights.T)
    assert np.all(np.diag(first.weights) == 0)
    assert first.identity() == again.identity()
    assert load_connectome("synthetic:30:1").identity() == first.identity()


def test_forcing_terms_values():
    jansen_rit = ladder.get("jansen_rit")
    times = np.linspace(0.0, 2.0, 401)
    sinusoid = Sinusoid(amplitude=2.0, frequency=10.0, phase=0.3).evaluate(
        times, jansen_rit
    )
    np.testing.assert_allclose(sinusoid, 2.0 * np.sin(2 * np.pi * 10.0 * times + 0.3))
    pulses = PulseTrain(period=0.5, width=0.1, amplitude=3.0, onset=0.2)
    values = pulses.evaluate(np.array([0.1, 0.2, 0.29, 0.31, 0.7, 0.75]), jansen_rit)
    np.testing.assert_array_equal(values, [0.0, 3.0, 3.0, 0.0, 3.0, 3.0])
    step = Step(amplitude=4.0, onset=1.0).evaluate(
        np.array([0.5, 1.0, 1.5]), jansen_rit
    )
    np.testing.assert_array_equal(step, [0.0, 4.0, 4.0])
    chirp = Chirp(amplitude=1.0, f0=1.0, f1=5.0, duration=1.0)
    # Instantaneous frequency f0 + (f1 - f0) t: phase 2 pi (t + 2 t**2).
    inside = np.array([0.25, 0.5])
    np.testing.assert_allclose(
        chirp.evaluate(inside, jansen_rit), np.sin(2 * np.pi * (inside + 2 * inside**2))
    )
    assert chirp.evaluate(np.array([1.5]), jansen_rit)[0] == 0.0
    sampled = Sampled(times=[0.0, 1.0], values=[0.0, 2.0])
    np.testing.assert_allclose(
        sampled.evaluate(np.array([0.25, 3.0]), jansen_rit), [0.5, 2.0]
    )


def test_hz_uses_time_unit():
    milliseconds = ladder.get("jansen_rit").replace(time_unit="ms")
    times = np.array([0.0, 25.0])
    # 10 Hz in a model with time in ms: a quarter period is 25 ms.
    values = Sinusoid(amplitude=1.0, frequency=10.0).evaluate(times, milliseconds)
    np.testing.assert_allclose(values, [0.0, 1.0], atol=1e-12)
    with pytest.raises(ValueError, match="dimensionless time"):
        Sinusoid(unit="Hz").evaluate(times, ladder.get("stuart_landau"))


def test_parse_forcing():
    term = parse_forcing("sinusoid:amplitude=5,frequency=10,input=F")
    assert term == Sinusoid(amplitude=5.0, frequency=10.0, input="F")
    assert parse_forcing("ou:sigma=2,tau=0.1,seed=3").seed == 3
    with pytest.raises(ValueError, match="unknown kind"):
        parse_forcing("square:amplitude=1")
    with pytest.raises(ValueError, match="is not a number"):
        parse_forcing("step:amplitude=big")


def test_forcing_plan_targets_and_gains():
    model = ladder.get("stuart_landau")
    terms = [Step(amplitude=1.0, input="F_y", gain=[1.0, 0.5, 0.0])]
    plan = ForcingPlan(model, terms, 3, np.random.SeedSequence(0))
    assert plan.targets.tolist() == [model.input_names.index("F_y")]
    np.testing.assert_array_equal(plan.gains, [[1.0, 0.5, 0.0]])
    with pytest.raises(ValueError, match="not declared"):
        ForcingPlan(model, [Step(input="G")], 3, np.random.SeedSequence(0))


def test_ou_forcing_chunks_and_variance():
    model = ladder.get("stuart_landau")
    term = OrnsteinUhlenbeck(sigma=2.0, tau=0.5)
    whole = ForcingPlan(model, [term], 1, np.random.SeedSequence(9))
    parts = ForcingPlan(model, [term], 1, np.random.SeedSequence(9))
    dt = 0.01
    full = whole.values(0.0, dt, 0, 4000)[0]
    first = parts.values(0.0, dt, 0, 1500)[0]
    second = parts.values(0.0, dt, 1500, 2500)[0]
    np.testing.assert_array_equal(full, np.concatenate([first, second[1:]]))
    # 40 time units, correlation time 0.5: ~40 independent values, so the
    # sample standard deviation is within about 25 % of sigma.
    assert np.std(full) == pytest.approx(2.0, rel=0.25)


def test_noise_stream_chunk_invariant():
    sigma = np.zeros((3, 4))
    sigma[1] = 0.5
    one = NoiseStream(sigma, np.random.SeedSequence(5))
    two = NoiseStream(sigma, np.random.SeedSequence(5))
    assert one.noisy_states.tolist() == [1]
    whole = one.draw(100)
    parts = np.concatenate([two.draw(37), two.draw(63)])
    np.testing.assert_array_equal(whole, parts)


def test_noise_amplitudes_checked():
    model = ladder.get("stuart_landau")
    sigma = noise_amplitudes(model, {"y": [0.1, 0.2]}, 2)
    np.testing.assert_array_equal(sigma, [[0.0, 0.0], [0.1, 0.2]])
    np.testing.assert_array_equal(
        noise_amplitudes(model, [0.3, 0.0], 2)[:, 1], [0.3, 0.0]
    )
    with pytest.raises(ValueError, match="amplitudes must be finite and >= 0"):
        noise_amplitudes(model, {"x": -1.0}, 2)
    assert math.isclose(noise_amplitudes(model, 0.7, 3).sum(), 0.7 * 6)
