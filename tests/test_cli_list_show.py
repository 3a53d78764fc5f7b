"""``rosetta list`` and ``rosetta show``: output, exit status and error messages."""

from __future__ import annotations

import pytest

from rosetta_sym import ladder
from rosetta_sym.cli.main import main
from rosetta_sym.io import dump_model


def test_list_prints_every_rung_in_order(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()

    names = [line.split()[0] for line in lines[1:]]

    assert lines[0].split()[:3] == ["rung", "states", "parameters"]
    assert names == ladder.names()


def test_list_shows_state_count_and_summary(capsys):
    main(["list"])
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}

    row = rows["wendling"].split()

    assert row[1:4] == ["10", "11", "s"]
    assert ladder.RUNGS["wendling"] in rows["wendling"]


@pytest.mark.parametrize("name", ladder.names())
def test_show_every_rung(name, capsys):
    model = ladder.get(name)

    assert main(["show", name]) == 0
    out = capsys.readouterr().out

    assert f"model {name}" in out
    assert model.hash in out
    for state in model.state_names:
        assert f"d{state}/dt = " in out
    for parameter in model.parameter_names:
        assert f"\n  {parameter} " in out
    assert f"coupling: {model.coupling.kind}" in out
    assert "(forcing)" in out


def test_show_preset(capsys):
    assert main(["show", "ping:paper_table"]) == 0
    out = capsys.readouterr().out
    assert "\n  J_ii       2 " in out
    assert "paper_table:" in out


def test_show_set_override(capsys):
    assert main(["show", "wilson_cowan", "--set", "P_x=1.5"]) == 0
    out = capsys.readouterr().out
    assert "\n  P_x        1.5 " in out
    assert ladder.get("wilson_cowan").hash not in out


def test_show_toml_file(tmp_path, capsys):
    model = ladder.get("jansen_rit")
    path = dump_model(model, tmp_path / "column.toml")

    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out

    assert "model jansen_rit" in out
    assert model.hash in out
    assert "sigma(v) = 2*e0*logistic(r*(v - v0))" in out


def test_rung_name_beats_local_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kuramoto").write_text("not toml at all")

    assert main(["show", "kuramoto"]) == 0
    assert "model kuramoto" in capsys.readouterr().out


def test_show_unknown_model(capsys):
    assert main(["show", "wilson_cowen"]) == 2
    err = capsys.readouterr().err

    assert "unknown model 'wilson_cowen'" in err
    assert "did you mean 'wilson_cowan'" in err
    assert "jansen_rit" in err


def test_show_unknown_preset(capsys):
    assert main(["show", "ping:beta"]) == 2
    err = capsys.readouterr().err
    assert "no preset 'beta'" in err
    assert "paper_table" in err


def test_show_missing_file(tmp_path, capsys):
    path = tmp_path / "missing.toml"
    assert main(["show", str(path)]) == 2
    err = capsys.readouterr().err
    assert "missing.toml" in err
    assert "not found" in err


def test_show_hostile_file(tmp_path, capsys):
    text = (
        'name = "bad"\n[states.x]\ninitial = 0.0\n'
        "[equations]\nx = '''x.__class__'''\n"
    )
    path = tmp_path / "bad.toml"
    path.write_text(text)

    assert main(["show", str(path)]) == 1
    err = capsys.readouterr().err

    assert "bad.toml: equations.x" in err
    assert "x.__class__" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["show"], "required: MODEL"),
        (["frobnicate"], "invalid choice"),
        (["show", "kuramoto", "--set", "omega"], "expected NAME=VALUE"),
        (["show", "kuramoto", "--set", "omega=fast"], "'fast' is not a number"),
        (["show", "kuramoto", "--set", "nu=1"], "'nu' is not a parameter"),
        (["show", "damped_oscillator", "--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_usage_exits_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "list" in capsys.readouterr().out
