"""Grid parsing, validation, chunking and per-point seeds."""

from __future__ import annotations

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.cli.main import main
from rosetta_sym.sweep import (
    GridError,
    make_chunks,
    parse_axis,
    parse_grid,
    point_seeds,
)
from rosetta_sym.sweep.chunks import default_chunk_size


@pytest.fixture(scope="module")
def jansen_rit():
    return ladder.get("jansen_rit")


def test_range_axis_matches_linspace():
    axis = parse_axis("p=120:320:21")
    assert axis.name == "p"
    np.testing.assert_array_equal(axis.values, np.linspace(120, 320, 21))


def test_list_axis_keeps_order():
    axis = parse_axis("G = 0.3, 0.1,0.2")
    assert axis.name == "G"
    assert axis.values == (0.3, 0.1, 0.2)


def test_axis_spec_round_trip():
    axis = parse_axis("velocity=1:10:7")
    assert parse_axis(axis.spec()) == axis


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("G", "expected NAME=START:STOP:NUM"),
        ("=0:1:3", "expected NAME=START:STOP:NUM"),
        ("G=0:1", "three fields, got 2"),
        ("G=0:1:2:3", "three fields, got 4"),
        ("G=a:1:3", "START 'a' is not a number"),
        ("G=0:nan:3", "STOP 'nan' is not finite"),
        ("G=0:1:2.5", "NUM '2.5' is not an integer"),
        ("G=0:1:0", "NUM must be at least 1"),
        ("G=0:1:1", "ambiguous"),
        ("G=0,x", "value 'x' is not a number"),
    ],
)
def test_bad_axis_text_rejected(text, fragment):
    with pytest.raises(GridError) as caught:
        parse_axis(text)
    assert fragment in str(caught.value)


def test_duplicate_axis_rejected():
    with pytest.raises(GridError, match="more than once"):
        parse_grid(["G=0:1:3", "G=1,2"])


def test_flat_index_is_c_order():
    grid = parse_grid(["G=0:1:3", "velocity=1,2"])
    values = grid.point_values(range(grid.n_points))
    expected_g, expected_v = np.meshgrid([0, 0.5, 1], [1, 2], indexing="ij")
    np.testing.assert_array_equal(values["G"], expected_g.ravel())
    np.testing.assert_array_equal(values["velocity"], expected_v.ravel())


def test_point_index_out_of_range():
    grid = parse_grid(["G=0:1:3"])
    with pytest.raises(IndexError, match="out of range"):
        grid.point_values([3])


def test_validate_accepts_parameter_coupling_velocity(jansen_rit):
    grid = parse_grid(["p=100:300:3", "G=0:1:2", "velocity=3,6"])
    grid.validate(jansen_rit, has_connectome=True, has_lengths=True)


def test_validate_unknown_axis_lists_parameters(jansen_rit):
    grid = parse_grid(["q=0:1:2"])
    with pytest.raises(GridError) as caught:
        grid.validate(jansen_rit, has_connectome=True, has_lengths=True)
    message = str(caught.value)
    assert "'q' is not a parameter" in message
    assert "A, B, a, b, C, e0, r, v0, p" in message


def test_validate_parameter_bounds(jansen_rit):
    grid = parse_grid(["A=-1,1"])
    with pytest.raises(GridError, match="below its lower bound"):
        grid.validate(jansen_rit, has_connectome=False, has_lengths=False)


def test_validate_coupling_needs_network(jansen_rit):
    grid = parse_grid(["G=0:1:2"])
    with pytest.raises(GridError, match="needs a network"):
        grid.validate(jansen_rit, has_connectome=False, has_lengths=False)


def test_validate_negative_coupling(jansen_rit):
    grid = parse_grid(["G=-1:1:3"])
    with pytest.raises(GridError, match="must be >= 0, got -1.0"):
        grid.validate(jansen_rit, has_connectome=True, has_lengths=False)


def test_validate_velocity_needs_lengths(jansen_rit):
    grid = parse_grid(["velocity=1:5:3"])
    with pytest.raises(GridError, match="tract lengths"):
        grid.validate(jansen_rit, has_connectome=True, has_lengths=False)


def test_validate_velocity_positive(jansen_rit):
    grid = parse_grid(["velocity=0,5"])
    with pytest.raises(GridError, match="must be > 0, got 0.0"):
        grid.validate(jansen_rit, has_connectome=True, has_lengths=True)


def test_chunks_cover_points_once():
    chunks = make_chunks(10, 4)
    assert [(c.start, c.stop) for c in chunks] == [(0, 4), (4, 8), (8, 10)]
    assert [c.index for c in chunks] == [0, 1, 2]


def test_default_chunk_size_bounds():
    assert default_chunk_size(1, 2) == 1
    assert default_chunk_size(80, 2) == 10
    assert default_chunk_size(100_000, 2) == 64


def test_point_seeds_match_spawn():
    spawned = np.random.SeedSequence(7).spawn(5)
    expected = [s.generate_state(1, np.uint64)[0] for s in spawned]
    np.testing.assert_array_equal(point_seeds(7, np.arange(5)), expected)


def test_point_seeds_independent_of_chunking():
    whole = point_seeds(3, np.arange(12))
    pieces = np.concatenate(
        [point_seeds(3, chunk.indices) for chunk in make_chunks(12, 5)]
    )
    np.testing.assert_array_equal(whole, pieces)
    assert len(set(whole.tolist())) == 12


def test_cli_bad_grid_exits_2(capsys):
    status = main(["sweep", "jansen_rit", "--grid", "G=0:1", "--threads"])
    assert status == 2
    assert "three fields, got 2" in capsys.readouterr().err


def test_cli_unknown_axis_exits_2(capsys):
    status = main(["sweep", "jansen_rit", "--grid", "Q=0:1:3", "--threads"])
    assert status == 2
    assert "'Q' is not a parameter of model 'jansen_rit'" in capsys.readouterr().err


def test_cli_plot_needs_axes(capsys):
    status = main(
        ["sweep", "jansen_rit", "--grid", "p=100:200:2", "--plot", "amplitude"]
    )
    assert status == 2
    assert "--plot needs --x AXIS and --y AXIS" in capsys.readouterr().err


def test_cli_list_measures(capsys):
    assert main(["sweep", "--list-measures"]) == 0
    output = capsys.readouterr().out
    for name in ("peak_frequency", "power_alpha", "kuramoto_std", "fc_sc_correlation"):
        assert name in output
