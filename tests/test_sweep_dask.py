"""Sweeps of Jansen-Rit networks on a real two-process Dask LocalCluster.

One module-scoped cluster (two worker processes, one thread each) serves every
test. Results are checked against the same points simulated one at a time
with :func:`rosetta_sym.simulate.simulate` and measured with plain numpy.
"""

from __future__ import annotations

import functools
import os

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.sweep import register_measure, run_sweep
from rosetta_sym.sweep.measures import _REGISTRY
from rosetta_sym.sweep.store import parts_dir_for

distributed = pytest.importorskip("distributed")
xarray = pytest.importorskip("xarray")
pytest.importorskip("h5netcdf")

DURATION = 0.4  # s
DT = 2e-4  # s
GRID = ["G=0:0.3:3", "velocity=2,8"]
SEED = 5


class Interrupt(Exception):
    pass


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def jansen_rit():
    return ladder.get("jansen_rit")


@pytest.fixture(scope="module")
def network():
    """Five nodes, all connected, with tract lengths of 10 to 50 mm."""
    from rosetta_sym.simulate import Connectome

    rng = np.random.default_rng(3)
    weights = rng.uniform(0.2, 1.0, size=(5, 5))
    np.fill_diagonal(weights, 0.0)
    lengths = rng.uniform(10.0, 50.0, size=(5, 5))
    lengths = 0.5 * (lengths + lengths.T)
    np.fill_diagonal(lengths, 0.0)
    return Connectome(weights, tract_lengths=lengths, name="five")


def sweep(model, network, client, grid=GRID, **options):
    arguments = dict(
        duration=DURATION,
        dt=DT,
        connectome=network,
        method="euler_maruyama",
        noise={"y4": 50.0},
        seed=SEED,
        measures=["amplitude", "fc_mean", "kuramoto_mean", "peak_frequency"],
        client=client,
        chunk_size=2,
    )
    arguments.update(options)
    return run_sweep(model, grid, **arguments)


@pytest.fixture(scope="module")
def reference(jansen_rit, network, client, tmp_path_factory):
    """An uninterrupted sweep on the cluster, written to NetCDF."""
    out = tmp_path_factory.mktemp("reference") / "sweep.nc"
    result = sweep(jansen_rit, network, client, out=out)
    return out, result


def one_point(model, network, coupling, velocity, index):
    from rosetta_sym.simulate import simulate

    run = simulate(
        model,
        DURATION,
        DT,
        "euler_maruyama",
        connectome=network,
        coupling=coupling,
        velocity=velocity,
        noise={"y4": 50.0},
        seed=np.random.SeedSequence(SEED, spawn_key=(index,)),
        record="v_pyr",
        record_every=5,  # 1 ms
        progress=False,
    )
    keep = run.time >= DURATION / 4 - DT / 2
    return run["v_pyr"][keep]


def test_sweep_matches_points_run_one_by_one(jansen_rit, network, client, reference):
    from scipy.signal import hilbert

    _, result = reference
    for i, coupling in enumerate(result["G"].values):
        for j, velocity in enumerate(result["velocity"].values):
            index = i * result.sizes["velocity"] + j
            signal = one_point(jansen_rit, network, coupling, velocity, index)
            last = signal[-(signal.shape[0] // 4) :]
            amplitude = np.mean(last.max(axis=0) - last.min(axis=0))
            correlation = np.corrcoef(signal.T)[np.triu_indices(5, k=1)].mean()
            edge = signal.shape[0] // 10
            phase = np.angle(hilbert(signal - signal.mean(axis=0), axis=0))[edge:-edge]
            order = np.abs(np.exp(1j * phase).mean(axis=1)).mean()
            point = result.isel(G=i, velocity=j)
            assert point["failure"].item() == ""
            assert point["amplitude"].item() == pytest.approx(amplitude, rel=1e-9)
            assert point["fc_mean"].item() == pytest.approx(correlation, rel=1e-9)
            assert point["kuramoto_mean"].item() == pytest.approx(order, rel=1e-9)


def test_points_differ_across_grid(reference):
    _, result = reference
    amplitudes = result["amplitude"].values.ravel()
    assert np.unique(np.round(amplitudes, 9)).size == amplitudes.size


def test_threads_backend_gives_same_file(jansen_rit, network, reference, tmp_path):
    out, _ = reference
    local = tmp_path / "threads.nc"
    sweep(jansen_rit, network, None, out=local, backend="threads", chunk_size=5)
    assert local.read_bytes() == out.read_bytes()


def kill_once(window, marker):
    """Test-only measure: the first call anywhere kills its worker process."""
    try:
        descriptor = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return 0.0
    os.close(descriptor)
    os._exit(1)


def test_killed_worker_still_completes(
    jansen_rit, network, client, reference, tmp_path
):
    marker = tmp_path / "killed"
    killer = register_measure(
        "test_kill_once", functools.partial(kill_once, marker=str(marker))
    )
    try:
        result = sweep(
            jansen_rit,
            network,
            client,
            measures=["amplitude", killer],
            retries=2,
            out=tmp_path / "killed.nc",
        )
    finally:
        _REGISTRY.pop("test_kill_once", None)
    assert marker.exists()
    np.testing.assert_array_equal(
        result["amplitude"].values, reference[1]["amplitude"].values
    )
    assert np.all(result["test_kill_once"].values == 0.0)
    client.wait_for_workers(2, timeout=60)


def test_interrupted_sweep_resumes_and_matches(
    jansen_rit, network, client, reference, tmp_path
):
    out = tmp_path / "resumed.nc"

    def stop_after_one(result, finished, total):
        raise Interrupt

    with pytest.raises(Interrupt):
        sweep(jansen_rit, network, client, out=out, on_chunk=stop_after_one)
    assert len(list(parts_dir_for(out).glob("chunk-*.npz"))) >= 1
    assert not out.exists()

    computed = []
    sweep(
        jansen_rit,
        network,
        client,
        out=out,
        on_chunk=lambda result, finished, total: computed.append(result.chunk.index),
    )
    assert 0 < len(computed) < 3
    assert out.read_bytes() == reference[0].read_bytes()


def test_blow_up_records_nan_and_reason(jansen_rit, network, client):
    # An input rate of 1e307 /s overflows the synaptic equations to infinity.
    result = sweep(
        jansen_rit,
        network,
        client,
        grid=["p=220,1e307"],
        coupling=0.1,
        velocity=4.0,
        measures=["amplitude"],
        chunk_size=1,
    )
    assert result["failure"].values[0] == ""
    assert np.isfinite(result["amplitude"].values[0])
    assert "non-finite" in result["failure"].values[1]
    assert np.isnan(result["amplitude"].values[1])


@pytest.fixture(scope="module")
def network_file(network, tmp_path_factory):
    path = tmp_path_factory.mktemp("network") / "five.npz"
    np.savez(path, weights=network.weights, tract_lengths=network.tract_lengths)
    return path


def cli_arguments(network_file, out):
    return [
        "sweep",
        "jansen_rit",
        "--grid",
        "G=0:0.3:3",
        "--grid",
        "velocity=2,8",
        "--connectome",
        str(network_file),
        "--duration",
        str(DURATION),
        "--dt",
        str(DT),
        "--method",
        "euler-maruyama",
        "--noise",
        "0.5",
        "--measure",
        "amplitude",
        "--measure",
        "power_alpha",
        "--out",
        str(out),
        "--no-progress",
    ]


def test_cli_on_scheduler_with_map(client, network_file, tmp_path, capsys):
    from rosetta_sym.cli.main import main

    out = tmp_path / "cli.nc"
    address = client.scheduler.address
    arguments = cli_arguments(network_file, out)
    arguments += [
        "--scheduler",
        address,
        "--plot",
        "amplitude",
        "--x",
        "G",
        "--y",
        "velocity",
    ]
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out} (G 3 x velocity 2; 0 failed points)" in printed
    with xarray.open_dataset(out, engine="h5netcdf") as stored:
        assert stored["power_alpha"].dims == ("G", "velocity")
        assert np.all(np.isfinite(stored["power_alpha"].values))
    figure = tmp_path / "cli-amplitude.png"
    assert figure.read_bytes()[:4] == b"\x89PNG"
    assert client.status == "running"


def test_cli_threads_matches_scheduler(client, network_file, tmp_path):
    from rosetta_sym.cli.main import main

    on_cluster = tmp_path / "cluster.nc"
    on_threads = tmp_path / "threads.nc"
    address = client.scheduler.address
    assert main(cli_arguments(network_file, on_cluster) + ["--scheduler", address]) == 0
    assert main(cli_arguments(network_file, on_threads) + ["--threads"]) == 0
    assert on_threads.read_bytes() == on_cluster.read_bytes()


def test_cli_unknown_measure_exits_2(network_file, tmp_path, capsys):
    from rosetta_sym.cli.main import main

    arguments = cli_arguments(network_file, tmp_path / "x.nc") + ["--measure", "alpha"]
    assert main(arguments + ["--threads"]) == 2
    assert "unknown measure 'alpha'" in capsys.readouterr().err
