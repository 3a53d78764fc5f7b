"""Invalid command lines exit with status 2 and a message that names the value."""

from __future__ import annotations

import numpy as np
import pytest

import rosetta_sym.simulate
from rosetta_sym.cli.main import main
from rosetta_sym.simulate import SimulationResult


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "nope"],
        ["analyze", "nope"],
        ["simulate", "nope", "--duration", "0.001"],
        ["compile", "nope"],
    ],
)
def test_unknown_model_exits_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err

    assert "unknown model 'nope'" in err
    assert "jansen_rit" in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_forcing_input_exits_2(capsys):
    force = "sinusoid:amplitude=1,frequency=10,input=nope"
    argv = ["simulate", "jansen_rit", "--force", force, "--duration", "0.001"]

    assert main(argv) == 2
    err = capsys.readouterr().err

    assert "'nope'" in err
    assert "one of F, c" in err


@pytest.mark.parametrize(
    "argv, option, text",
    [
        (
            ["analyze", "wilson_cowan", "--continue", "P_x", "--from", "nan"],
            "--from",
            "nan",
        ),
        (
            ["analyze", "wilson_cowan", "--continue", "P_x", "--to", "inf"],
            "--to",
            "inf",
        ),
        (["simulate", "jansen_rit", "--dt", "nan"], "--dt", "nan"),
        (["simulate", "jansen_rit", "--duration", "inf"], "--duration", "inf"),
        (["simulate", "jansen_rit", "--coupling=-inf"], "--coupling", "-inf"),
        (["reduce", "wilson_cowan", "--to", "phase", "--at", "nan"], "--at", "nan"),
        (
            ["sweep", "wilson_cowan", "--grid", "P_x=0:1:3", "--noise", "nan"],
            "--noise",
            "nan",
        ),
        (["show", "wilson_cowan", "--set", "P_x=nan"], "--set", "nan"),
    ],
)
def test_non_finite_option_exits_2(argv, option, text, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err

    assert option in err
    assert f"'{text}'" in err
    assert "finite" in err


@pytest.mark.parametrize(
    "spec, shown",
    [
        ("sinusoid:amplitude=nan,frequency=10", "amplitude=nan"),
        ("sinusoid:amplitude=1,frequency=nan", "frequency=nan"),
        ("sinusoid:amplitude=1,frequency=inf", "frequency=inf"),
        ("chirp:f0=1,f1=inf", "f1=inf"),
        ("constant:value=nan", "value=nan"),
    ],
)
def test_non_finite_forcing_named(spec, shown, capsys):
    argv = ["simulate", "jansen_rit", "--force", spec, "--duration", "0.001"]

    assert main(argv) == 2
    err = capsys.readouterr().err

    assert shown in err
    assert "not a finite number" in err


@pytest.mark.parametrize("name", ["e.txt", "e.csv", "e", "e.NPZ"])
def test_unsupported_out_suffix_exits_2(name, tmp_path, capsys):
    path = tmp_path / name
    argv = ["simulate", "jansen_rit", "--duration", "0.001", "--out", str(path)]

    assert main(argv) == 2
    err = capsys.readouterr().err

    assert repr(str(path)) in err
    assert ".npz or .nc" in err
    assert list(tmp_path.iterdir()) == []


def test_out_npz_written_as_given(tmp_path, monkeypatch, capsys):
    def fake_simulate(model, duration, dt, method, **options):
        time = np.arange(3) * dt
        data = np.zeros((3, 1, model.n_states))
        metadata = {"n_steps": 3, "method": method}
        return SimulationResult(time, data, model.state_names, metadata)

    monkeypatch.setattr(rosetta_sym.simulate, "simulate", fake_simulate)
    path = tmp_path / "run.npz"

    assert main(["simulate", "jansen_rit", "--out", str(path)]) == 0

    assert [p.name for p in tmp_path.iterdir()] == ["run.npz"]
    assert f"wrote {path}" in capsys.readouterr().out


def test_out_in_missing_folder_exits_2(tmp_path, capsys):
    missing = tmp_path / "missing" / "run.npz"
    argv = ["simulate", "kuramoto", "--duration", "0.01", "--out", str(missing)]

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert not missing.exists()


def test_ladder_out_not_creatable_exits_2(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")

    assert main(["ladder", "--quick", "--out", str(blocker / "report")]) == 2
    assert "cannot create the folder" in capsys.readouterr().err


def test_one_state_model_has_no_hopf_condition(capsys):
    assert main(["analyze", "kuramoto"]) == 0
    out = capsys.readouterr().out
    assert "every entry is zero" in out
    assert "a one-state model has no Hopf bifurcation" in out


def test_record_too_large_exits_2(capsys):
    argv = ["simulate", "stuart_landau", "--duration", "1e12", "--dt", "1e-12"]

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "would record 1e+24 samples" in err
    assert "--record-every" in err


def test_empty_equation_named():
    from rosetta_sym.io import ExpressionError
    from rosetta_sym.io.expressions import parse_expression

    with pytest.raises(ExpressionError, match="equations.x: the expression is empty"):
        parse_expression("   ", {}, {}, where="equations.x")
