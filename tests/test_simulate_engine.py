"""Engine behaviour: chunking, recording, variants, blow-ups, batches, the CLI."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.cli.main import main
from rosetta_sym.codegen import load_kernels
from rosetta_sym.simulate import (
    BlowUpError,
    Connectome,
    OrnsteinUhlenbeck,
    SimulationError,
    SimulationResult,
    Sinusoid,
    simulate,
    simulate_batch,
    synthetic_connectome,
)
from rosetta_sym.simulate.setup import DIVERGENCE_LIMIT


@pytest.fixture(scope="session")
def stuart_landau():
    model = ladder.get("stuart_landau")
    return model, load_kernels(model)


@pytest.fixture(scope="session")
def network():
    return synthetic_connectome(12, seed=3).normalised("row_sum")


def noisy_delayed_run(model, kernels, network, chunk_steps):
    return simulate(
        model,
        0.6,
        1e-3,
        "stochastic_heun",
        connectome=network,
        coupling=0.4,
        delays=network.tract_lengths / 4000.0,
        noise={"x": 0.2, "y": 0.1},
        seed=21,
        forcing=[OrnsteinUhlenbeck(sigma=0.5, tau=0.05), Sinusoid(amplitude=0.3)],
        record=["x", "amplitude"],
        record_every=4,
        record_mode="mean",
        chunk_steps=chunk_steps,
        kernels=kernels,
        initial={"x": np.linspace(0.1, 1.0, network.n_nodes)},
    )


def test_chunked_equals_unchunked_bitwise(stuart_landau, network):
    model, kernels = stuart_landau
    whole = noisy_delayed_run(model, kernels, network, None)
    pieces = noisy_delayed_run(model, kernels, network, 28)
    assert whole.metadata["stepper_variant"] == "delay"
    assert np.array_equal(whole.data, pieces.data)
    assert np.array_equal(whole.time, pieces.time)
    other_seed = simulate(
        model,
        0.6,
        1e-3,
        "stochastic_heun",
        connectome=network,
        coupling=0.4,
        delays=network.tract_lengths / 4000.0,
        noise={"x": 0.2, "y": 0.1},
        seed=22,
        kernels=kernels,
    )
    assert not np.array_equal(whole.data[:, :, 0], other_seed.data[:, :, 0])


def test_mean_recording_averages_samples(stuart_landau):
    model, kernels = stuart_landau
    every = simulate(model, 1.0, 1e-3, "rk4", kernels=kernels, record=["amplitude"])
    mean = simulate(
        model,
        1.0,
        1e-3,
        "rk4",
        kernels=kernels,
        record=["amplitude"],
        record_every=10,
        record_mode="mean",
    )
    expected = every.data[:, 0, 0].reshape(-1, 10).mean(axis=1)
    np.testing.assert_allclose(mean.data[:, 0, 0], expected, rtol=1e-13)
    np.testing.assert_allclose(mean.time, every.time.reshape(-1, 10).mean(axis=1))
    sampled = simulate(
        model, 1.0, 1e-3, "rk4", kernels=kernels, record=["amplitude"], record_every=10
    )
    np.testing.assert_array_equal(sampled.data[:, 0, 0], every.data[::10, 0, 0])


@pytest.mark.parametrize("kind", ["dense", "sparse"])
def test_network_variants_agree(stuart_landau, network, kind):
    model, kernels = stuart_landau
    initial = {"x": np.linspace(-1.0, 1.0, network.n_nodes)}
    reference = simulate(
        model,
        0.5,
        1e-3,
        "heun",
        connectome=network,
        coupling=0.7,
        variant="delay",
        delays=np.zeros((network.n_nodes, network.n_nodes)),
        kernels=kernels,
        initial=initial,
    )
    result = simulate(
        model,
        0.5,
        1e-3,
        "heun",
        connectome=network,
        coupling=0.7,
        variant=kind,
        kernels=kernels,
        initial=initial,
    )
    assert result.metadata["stepper_variant"] == kind
    np.testing.assert_allclose(result.data, reference.data, rtol=0, atol=1e-12)


def test_sine_coupling_dense_matches_sparse(network):
    model = ladder.get("kuramoto")
    kernels = load_kernels(model)
    omega = np.linspace(0.5, 1.5, network.n_nodes)
    initial = {"theta": np.linspace(0.0, 6.0, network.n_nodes)}
    results = {}
    for kind in ("dense", "sparse"):
        results[kind] = simulate(
            model,
            1.0,
            1e-3,
            "heun",
            connectome=network,
            coupling=0.8,
            phase_lag=0.3,
            parameters={"omega": omega},
            initial=initial,
            variant=kind,
            kernels=kernels,
        )
    # Row-normalised weights are not symmetric, so a transposed read would show.
    assert not np.allclose(network.dense_weights(), network.dense_weights().T)
    np.testing.assert_allclose(
        results["dense"].data, results["sparse"].data, rtol=0, atol=1e-12
    )


def test_uniform_variant_matches_dense(stuart_landau):
    model, kernels = stuart_landau
    network = Connectome.all_to_all(9)
    initial = {"y": np.linspace(-1.0, 1.0, 9)}
    uniform = simulate(
        model,
        0.5,
        1e-3,
        "heun",
        connectome=network,
        coupling=0.3,
        kernels=kernels,
        initial=initial,
    )
    dense = simulate(
        model,
        0.5,
        1e-3,
        "heun",
        connectome=network,
        coupling=0.3,
        variant="dense",
        kernels=kernels,
        initial=initial,
    )
    assert uniform.metadata["stepper_variant"] == "uniform"
    np.testing.assert_allclose(uniform.data, dense.data, rtol=0, atol=1e-12)


def test_blow_up_names_node_state_time(stuart_landau):
    model, kernels = stuart_landau
    # Growth rate 50 with no saturation (gamma = 0) overflows within seconds.
    with pytest.raises(BlowUpError) as caught:
        simulate(
            model,
            100.0,
            0.01,
            "rk4",
            n_nodes=3,
            parameters={"alpha": [0.0, 50.0, 0.0], "gamma": 0.0},
            kernels=kernels,
            chunk_steps=20,
        )
    error = caught.value
    assert error.node == 1
    assert error.state in ("x", "y")
    # |z| = 0.1 exp(50 t) passes the divergence limit at t = ln(10 * limit) / 50.
    # The check at the end of a chunk (20 steps of 0.01) reports it once x or y
    # itself passes the limit, within two chunks of that time.
    crossing = math.log(10 * DIVERGENCE_LIMIT) / 50
    assert crossing <= error.time <= crossing + 0.4
    assert "smaller dt" in str(error)
    assert error.partial.data.shape[0] > 0
    assert np.all(np.isfinite(error.partial.data))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"dt": 0.0}, "dt must be positive"),
        ({"dt": -1e-3}, "dt must be positive"),
        ({"method": "leapfrog"}, "method 'leapfrog'"),
        ({"noise": 0.1}, "stochastic method"),
        ({"record": ["nope"]}, "cannot record 'nope'"),
        ({"parameters": {"gamma": np.nan}}, "not finite"),
        ({"initial": {"x": np.inf}}, "give a finite number"),
        ({"coupling": -1.0}, "coupling G"),
    ],
)
def test_invalid_settings_rejected(stuart_landau, arguments, message):
    model, kernels = stuart_landau
    settings = {"duration": 1.0, "dt": 1e-3, "method": "rk4", **arguments}
    with pytest.raises(SimulationError, match=message):
        simulate(model, kernels=kernels, **settings)


def test_negative_and_nan_inputs_rejected(stuart_landau, network):
    model, kernels = stuart_landau
    delays = np.zeros((12, 12))
    delays[2, 5] = -0.1
    with pytest.raises(ValueError, match="row 2, column 5"):
        simulate(model, 0.1, 1e-3, connectome=network, delays=delays, kernels=kernels)
    weights = np.ones((3, 3))
    weights[1, 0] = np.nan
    with pytest.raises(ValueError, match="row 1, column 0, value nan"):
        simulate(model, 0.1, 1e-3, connectome=weights, kernels=kernels)


def test_result_roundtrip_npz_and_netcdf(stuart_landau, tmp_path):
    model, kernels = stuart_landau
    result = simulate(
        model, 0.2, 1e-3, "rk4", n_nodes=2, kernels=kernels, record_every=5, seed=4
    )
    for name in ("run.npz", "run.nc"):
        if name.endswith(".nc"):
            pytest.importorskip("xarray")
            pytest.importorskip("h5netcdf")
        path = result.save(tmp_path / name)
        loaded = SimulationResult.load(path)
        np.testing.assert_array_equal(loaded.data, result.data)
        np.testing.assert_array_equal(loaded.time, result.time)
        assert loaded.variables == result.variables
        assert loaded.metadata["model_hash"] == model.hash
        assert loaded.metadata["dt"] == 1e-3
        assert loaded.metadata["method"] == "rk4"


def test_batch_matches_single_runs(stuart_landau, network):
    model, kernels = stuart_landau
    alphas = [0.5, 1.0, 1.5]
    couplings = [0.1, 0.2, 0.3]
    velocities = [3000.0, 4000.0, 5000.0]
    settings = {
        "connectome": network,
        "noise": 0.05,
        "record": ["x"],
        "kernels": kernels,
    }
    batch = simulate_batch(
        model,
        0.3,
        1e-3,
        "euler_maruyama",
        parameter_sets=[{"alpha": a} for a in alphas],
        coupling=couplings,
        velocity=velocities,
        seed=7,
        **settings,
    )
    assert batch.data.shape == (3, 300, network.n_nodes, 1)
    assert batch.failures == {}

    for k in range(3):
        single = simulate(
            model,
            0.3,
            1e-3,
            "euler_maruyama",
            parameters={"alpha": alphas[k]},
            coupling=couplings[k],
            velocity=velocities[k],
            seed=np.random.SeedSequence(7, spawn_key=(k,)),
            **settings,
        )
        assert np.array_equal(single.data, batch.data[k])

    # The last set alone, as index 2 of the sweep, gives the same samples.
    tail = simulate_batch(
        model,
        0.3,
        1e-3,
        "euler_maruyama",
        parameter_sets=[{"alpha": alphas[2]}],
        coupling=couplings[2],
        velocity=velocities[2],
        seed=7,
        first_index=2,
        **settings,
    )
    assert np.array_equal(tail.data[0], batch.data[2])


def test_cli_simulate_writes_result(tmp_path, capsys):
    out = tmp_path / "sl.npz"
    status = main(
        [
            "simulate",
            "stuart_landau",
            "--set",
            "alpha=0.25",
            "--duration",
            "2",
            "--dt",
            "0.001",
            "--record",
            "amplitude",
            "--record-every",
            "10",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    result = SimulationResult.load(out)
    assert result.data.shape == (200, 1, 1)
    assert result.metadata["parameters"]["alpha"] == 0.25
    assert "wrote" in capsys.readouterr().out


def test_cli_usage_errors(tmp_path):
    assert main(["simulate", "stuart_landau", "--method", "leapfrog"]) == 2
    assert main(["simulate", "stuart_landau", "--force", "wave:x=1"]) == 2
    assert (
        main(
            [
                "simulate",
                "stuart_landau",
                "--connectome",
                str(tmp_path / "missing.npy"),
            ]
        )
        == 1
    )
