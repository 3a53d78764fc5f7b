"""Chunk store, resume and NetCDF assembly, on local threads with a stand-in simulation.

The stand-in replaces the compiled batch kernel with sinusoids whose frequency
is set by the grid point, so these tests check the sweep machinery alone.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.sweep import StoreError, parse_grid, run_sweep
from rosetta_sym.sweep.store import parts_dir_for
from rosetta_sym.sweep.worker import BatchOutput

xarray = pytest.importorskip("xarray")
pytest.importorskip("h5netcdf")

INTERVAL = 1e-3  # seconds between stand-in samples
SAMPLES = 2000


def standin_simulator(model, context, batch):
    """Sinusoid at p / 20 Hz per node, phase lag G per node, seeded noise.

    Points with p above 290 report a blow-up, as the real kernel would.
    """
    p_index = model.parameter_names.index("p")
    t = np.arange(SAMPLES) * INTERVAL
    nodes = np.arange(context.n_nodes)
    data = np.empty((batch.n_sets, SAMPLES, context.n_nodes))
    failures = []
    for k in range(batch.n_sets):
        frequency = batch.parameters[k, p_index] / 20.0
        lag = batch.coupling[k] * nodes
        rng = np.random.default_rng(int(batch.seeds[k]))
        data[k] = np.sin(2 * np.pi * frequency * t[:, None] + lag)
        data[k] += 0.01 * rng.standard_normal(data[k].shape)
        failures.append("non-finite state at t = 0.5" if frequency > 14.5 else "")
    return BatchOutput(data, INTERVAL, failures)


class Interrupt(Exception):
    pass


@pytest.fixture(scope="module")
def jansen_rit():
    return ladder.get("jansen_rit")


def sweep(model, out, **options):
    arguments = dict(
        duration=2.0,
        dt=1e-3,
        connectome="synthetic:4:1",
        seed=11,
        measures=["peak_frequency", "amplitude", "kuramoto_mean", "fc"],
        out=out,
        backend="threads",
        simulator=standin_simulator,
    )
    arguments.update(options)
    return run_sweep(model, ["p=100:300:6", "G=0,0.5,1"], **arguments)


def test_result_dims_values_and_failures(jansen_rit, tmp_path):
    result = sweep(jansen_rit, tmp_path / "r.nc", chunk_size=4)
    assert result["peak_frequency"].dims == ("p", "G")
    assert result["fc"].dims == ("p", "G", "node", "node_other")
    np.testing.assert_allclose(result["p"], np.linspace(100, 300, 6))
    # p = 100..260 gives 5..13 Hz; p = 300 (15 Hz) fails.
    expected = np.linspace(100, 300, 6)[:5] / 20.0
    peaks = result["peak_frequency"].values[:5, 0]
    np.testing.assert_allclose(peaks, expected, atol=0.6)
    assert np.all(np.isnan(result["peak_frequency"].values[5]))
    assert list(result["failure"].values[5]) == ["non-finite state at t = 0.5"] * 3
    assert np.all(result["failure"].values[:5] == "")
    # Phase lags of 0 between all nodes give full synchrony.
    assert result["kuramoto_mean"].values[0, 0] == pytest.approx(1.0, abs=0.01)


def test_result_attributes(jansen_rit, tmp_path):
    out = tmp_path / "r.nc"
    sweep(jansen_rit, out, chunk_size=5)
    with xarray.open_dataset(out, engine="h5netcdf") as stored:
        attrs = stored.attrs
        assert attrs["model_hash"] == jansen_rit.hash
        assert attrs["dt"] == 1e-3
        assert attrs["method"] == "rk4"
        assert attrs["seed"] == 11
        assert attrs["connectome"].startswith("synthetic:4:seed1#")
        fixed = json.loads(attrs["fixed_parameters"])
        assert "p" not in fixed
        assert fixed["A"] == 3.25
    assert not parts_dir_for(out).exists()


def test_chunking_does_not_change_result(jansen_rit, tmp_path):
    first = sweep(jansen_rit, tmp_path / "a.nc", chunk_size=1)
    second = sweep(jansen_rit, tmp_path / "b.nc", chunk_size=7, workers=2)
    xarray.testing.assert_identical(first, second)


def test_interrupted_sweep_resumes_to_same_file(jansen_rit, tmp_path):
    reference = tmp_path / "reference.nc"
    sweep(jansen_rit, reference, chunk_size=3)

    out = tmp_path / "resumed.nc"
    computed = []

    def stop_after_two(result, finished, total):
        computed.append(result.chunk.index)
        if finished == 2:
            raise Interrupt

    with pytest.raises(Interrupt):
        sweep(jansen_rit, out, chunk_size=3, on_chunk=stop_after_two)
    parts = parts_dir_for(out)
    assert len(list(parts.glob("chunk-*.npz"))) == 2
    assert not out.exists()

    resumed = []
    sweep(
        jansen_rit,
        out,
        chunk_size=3,
        on_chunk=lambda result, finished, total: resumed.append(result.chunk.index),
    )
    assert len(resumed) == 6 - 2
    assert not set(resumed) & set(computed[:2])
    assert out.read_bytes() == reference.read_bytes()


def test_resume_keeps_stored_chunk_size(jansen_rit, tmp_path):
    out = tmp_path / "r.nc"

    def stop_at_once(result, finished, total):
        raise Interrupt

    with pytest.raises(Interrupt):
        sweep(jansen_rit, out, chunk_size=4, on_chunk=stop_at_once)
    counted = []
    sweep(
        jansen_rit,
        out,
        chunk_size=1,
        on_chunk=lambda r, f, total: counted.append(total),
    )
    assert counted[0] == 5  # 18 points in chunks of 4


def test_other_sweep_in_parts_folder_rejected(jansen_rit, tmp_path):
    out = tmp_path / "r.nc"

    def stop_at_once(result, finished, total):
        raise Interrupt

    with pytest.raises(Interrupt):
        sweep(jansen_rit, out, chunk_size=4, on_chunk=stop_at_once)
    with pytest.raises(StoreError, match="different sweep"):
        sweep(jansen_rit, out, chunk_size=4, seed=12)
    fresh = sweep(jansen_rit, out, chunk_size=4, seed=12, fresh=True)
    assert fresh.attrs["seed"] == 12


def test_unreadable_chunk_is_computed_again(jansen_rit, tmp_path):
    out = tmp_path / "r.nc"

    def stop_after_two(result, finished, total):
        if finished == 2:
            raise Interrupt

    with pytest.raises(Interrupt):
        sweep(jansen_rit, out, chunk_size=3, on_chunk=stop_after_two)
    broken = sorted(parts_dir_for(out).glob("chunk-*.npz"))[0]
    broken.write_bytes(b"not a zip file")
    counted = []
    result = sweep(
        jansen_rit, out, chunk_size=3, on_chunk=lambda r, f, t: counted.append(r)
    )
    assert len(counted) == 5
    reference = sweep(jansen_rit, tmp_path / "ref.nc", chunk_size=3)
    xarray.testing.assert_identical(result, reference)


def test_complete_result_is_loaded_not_recomputed(jansen_rit, tmp_path):
    out = tmp_path / "r.nc"
    first = sweep(jansen_rit, out, chunk_size=6)
    calls = []
    again = sweep(jansen_rit, out, chunk_size=6, on_chunk=lambda *a: calls.append(a))
    assert calls == []
    xarray.testing.assert_identical(first, again)


def test_map_figure_written(jansen_rit, tmp_path):
    pytest.importorskip("matplotlib")
    from rosetta_sym.sweep import plot_map
    from rosetta_sym.sweep.plot import PlotError

    result = sweep(jansen_rit, None, chunk_size=6)
    target = tmp_path / "map.png"
    plot_map(result, "peak_frequency", "G", "p", out=target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(PlotError, match="also varies over node, node_other"):
        plot_map(result, "fc", "G", "p")
    with pytest.raises(PlotError, match="'velocity' is not a grid axis"):
        plot_map(result, "amplitude", "velocity", "p")


def test_single_node_default_measures(jansen_rit, tmp_path):
    result = run_sweep(
        jansen_rit,
        {"p": [100.0, 200.0]},
        duration=2.0,
        dt=1e-3,
        backend="threads",
        simulator=standin_simulator,
    )
    assert "kuramoto_mean" not in result
    assert "fc_mean" not in result
    assert result["power_alpha"].dims == ("p",)
    np.testing.assert_allclose(result["peak_frequency"], [5.0, 10.0], atol=0.6)


def test_velocity_without_lengths_rejected(jansen_rit):
    with pytest.raises(ValueError, match="needs a connectome with tract lengths"):
        run_sweep(
            jansen_rit,
            ["p=100,200"],
            duration=2.0,
            dt=1e-3,
            velocity=5.0,
            backend="threads",
            simulator=standin_simulator,
        )


def test_unknown_observable_rejected(jansen_rit):
    with pytest.raises(ValueError, match="observable 'lfp' is neither"):
        run_sweep(
            jansen_rit,
            ["p=100,200"],
            duration=2.0,
            dt=1e-3,
            observable="lfp",
            backend="threads",
            simulator=standin_simulator,
        )


def test_worker_rejects_other_model_hash(jansen_rit):
    from rosetta_sym.io import dumps_model
    from rosetta_sym.sweep.worker import model_from_text

    text = dumps_model(jansen_rit)
    assert model_from_text(text, jansen_rit.hash) == jansen_rit
    with pytest.raises(ValueError, match="install the same rosetta_sym version"):
        model_from_text(text, "0" * 64)


def test_context_pickles_as_plain_data(jansen_rit):
    import io
    import pickle

    from rosetta_sym.io import dumps_model, loads_model
    from rosetta_sym.sweep.context import SimulationSettings, SweepContext
    from rosetta_sym.sweep.measures import resolve_measures

    context = SweepContext(
        model_text=dumps_model(jansen_rit),
        model_hash=jansen_rit.hash,
        grid=parse_grid(["p=100,200"]),
        settings=SimulationSettings(duration=1.0, dt=1e-4),
        seed=0,
        measures=resolve_measures(None, time_unit="s", has_network=False),
    )
    data = pickle.dumps(context)
    copy = pickle.loads(data)
    assert loads_model(copy.model_text).hash == jansen_rit.hash
    # Every object the pickle refers to by import path comes from rosetta_sym,
    # functools, numpy or builtins: no generated kernel module, no numba.
    modules = set()

    class RecordingUnpickler(pickle.Unpickler):
        def find_class(self, module, name):
            modules.add(module)
            return super().find_class(module, name)

    RecordingUnpickler(io.BytesIO(data)).load()
    assert "rosetta_sym.sweep.context" in modules
    for module in modules:
        top = module.split(".")[0]
        assert top in ("rosetta_sym", "functools", "numpy", "builtins"), module
        assert not module.startswith("rosetta_sym.codegen"), module
