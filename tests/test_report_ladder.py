"""Tests of ``rosetta ladder``: files, links, and numbers against independent values.

The quick report of two rungs (Wilson-Cowan and Stuart-Landau) is built once per
module. Its analytic numbers are checked against the analysis module and
against Jacobians written out by hand from the model equations (Wilson and
Cowan 1972; the Stuart-Landau normal form), not against the report's own code.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from rosetta_sym import ladder  # noqa: E402
from rosetta_sym.cli.main import main  # noqa: E402

RUNGS = ("wilson_cowan", "stuart_landau")


def _reject_constant(name):
    raise ValueError(f"ladder.json contains {name}, which is not valid JSON")


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ladder")
    status = main(
        [
            "ladder",
            "--quick",
            "--no-progress",
            "--rungs",
            ",".join(RUNGS),
            "--out",
            str(out),
        ]
    )
    assert status == 0
    return out


@pytest.fixture(scope="module")
def report(report_dir) -> dict:
    text = (report_dir / "ladder.json").read_text()
    return json.loads(text, parse_constant=_reject_constant)


def _rung(report: dict, name: str) -> dict:
    return next(rung for rung in report["rungs"] if rung["name"] == name)


def _logistic(u):
    return 1.0 / (1.0 + np.exp(-u))


def _wilson_cowan_jacobian(x, y, p):
    """Jacobian of Wilson-Cowan written out from its equations (theta = 0 here)."""
    u_x = p["w_xx"] * x - p["w_xy"] * y + p["P_x"] - p["theta"]
    u_y = p["w_yx"] * x - p["w_yy"] * y + p["P_y"] - p["theta"]
    s_x = _logistic(u_x) * (1.0 - _logistic(u_x))
    s_y = _logistic(u_y) * (1.0 - _logistic(u_y))
    return np.array(
        [
            [(-1.0 + p["w_xx"] * s_x) / p["tau_x"], -p["w_xy"] * s_x / p["tau_x"]],
            [p["w_yx"] * s_y / p["tau_y"], (-1.0 - p["w_yy"] * s_y) / p["tau_y"]],
        ]
    ), s_x


def test_report_files_exist(report_dir):
    assert (report_dir / "index.html").is_file()
    assert (report_dir / "ladder.json").is_file()
    for name in RUNGS:
        for kind in ("bifurcation", "portrait", "resonance", "network"):
            path = report_dir / f"{name}_{kind}.png"
            assert path.is_file(), path
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path


def test_html_references_existing_files(report_dir):
    html = (report_dir / "index.html").read_text()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    local = [link for link in links if not link.startswith(("http:", "https:", "#"))]
    assert local, "index.html references no local file"
    for link in local:
        assert (report_dir / link).is_file(), f"index.html references missing {link}"
    anchors = re.findall(r'href="#([^"]+)"', html)
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_json_figures_are_in_html(report, report_dir):
    html = (report_dir / "index.html").read_text()
    for rung in report["rungs"]:
        for section in rung["sections"].values():
            for figure in section.get("figures", []):
                assert (report_dir / figure["file"]).is_file()
                assert f'src="{figure["file"]}"' in html


def test_every_section_succeeds(report):
    for rung in report["rungs"]:
        for key, section in rung["sections"].items():
            assert section["status"] == "ok", (rung["name"], key, section)


def test_connectome_is_tvb76(report):
    info = report["connectome"]
    assert info["n_regions"] == 76
    assert info["has_tract_lengths"]
    assert info["identity"].startswith("tvb:76")


def test_wilson_cowan_bifurcations_match_analysis(report):
    from rosetta_sym.analysis import canonical_continuation, continue_equilibria

    model = ladder.get("wilson_cowan")
    section = _rung(report, "wilson_cowan")["sections"]["bifurcation"]
    parameter, start, stop = canonical_continuation("wilson_cowan")
    assert section["parameter"] == parameter
    expected = continue_equilibria(model, parameter, start, stop).bifurcations
    shown = section["bifurcations"]
    assert [b["kind"] for b in shown] == [b.kind for b in expected]
    for got, want in zip(shown, expected, strict=True):
        assert got["value"] == pytest.approx(want.value, rel=1e-9, abs=1e-12)


def test_wilson_cowan_hopf_has_zero_trace(report):
    model = ladder.get("wilson_cowan")
    section = _rung(report, "wilson_cowan")["sections"]["bifurcation"]
    hopf = [b for b in section["bifurcations"] if b["kind"] == "hopf"]
    assert len(hopf) >= 1
    for point in hopf:
        values = dict(model.parameter_values, P_x=point["value"])
        jac, _ = _wilson_cowan_jacobian(
            point["state"]["x"], point["state"]["y"], values
        )
        assert abs(np.trace(jac)) < 1e-6
        assert np.linalg.det(jac) > 0
        assert point["omega"] == pytest.approx(math.sqrt(np.linalg.det(jac)), rel=1e-6)


def test_wilson_cowan_fixed_points_match(report):
    from rosetta_sym.analysis import find_fixed_points

    model = ladder.get("wilson_cowan")
    section = _rung(report, "wilson_cowan")["sections"]["bifurcation"]
    expected = find_fixed_points(model)
    assert len(section["fixed_points"]) == len(expected)
    for got, want in zip(section["fixed_points"], expected, strict=True):
        for name in model.state_names:
            assert got["state"][name] == pytest.approx(want.state[name], rel=1e-9)
        assert got["stable"] == want.stable
        assert got["type"] == want.type


def test_stuart_landau_hopf_at_zero(report):
    model = ladder.get("stuart_landau")
    section = _rung(report, "stuart_landau")["sections"]["bifurcation"]
    hopf = [b for b in section["bifurcations"] if b["kind"] == "hopf"]
    assert len(hopf) == 1
    assert hopf[0]["value"] == pytest.approx(0.0, abs=1e-8)
    assert hopf[0]["omega"] == pytest.approx(model.parameter_values["omega"], rel=1e-8)
    assert hopf[0]["criticality"] == "supercritical"


def test_wilson_cowan_resonance_from_jacobian(report):
    model = ladder.get("wilson_cowan")
    resonance = _rung(report, "wilson_cowan")["sections"]["forced"]["resonance"]
    values = dict(model.parameter_values, **resonance["operating_parameters"])
    x, y = resonance["equilibrium"]
    jac, s_x = _wilson_cowan_jacobian(x, y, values)
    b = np.array([s_x / values["tau_x"], 0.0])
    c = np.array([1.0, 0.0])
    amplitude = resonance["forcing_amplitude"]
    for w, analytic, simulated in zip(
        resonance["angular_frequencies"],
        resonance["analytic_amplitude"],
        resonance["simulated_amplitude"],
        strict=True,
    ):
        gain = abs(c @ np.linalg.solve(1j * w * np.eye(2) - jac, b))
        assert analytic == pytest.approx(amplitude * gain, rel=1e-8)
        assert simulated == pytest.approx(analytic, rel=0.05)


def test_stuart_landau_resonance_is_linear_response(report):
    model = ladder.get("stuart_landau")
    resonance = _rung(report, "stuart_landau")["sections"]["forced"]["resonance"]
    values = dict(model.parameter_values, **resonance["operating_parameters"])
    alpha, omega = values["alpha"], values["omega"]
    assert alpha < 0
    assert np.allclose(resonance["equilibrium"], 0.0, atol=1e-12)
    jac = np.array([[alpha, -omega], [omega, alpha]])
    amplitude = resonance["forcing_amplitude"]
    for w, analytic, simulated in zip(
        resonance["angular_frequencies"],
        resonance["analytic_amplitude"],
        resonance["simulated_amplitude"],
        strict=True,
    ):
        response = np.linalg.solve(1j * w * np.eye(2) - jac, np.array([1.0, 0.0]))
        assert analytic == pytest.approx(amplitude * abs(response[0]), rel=1e-8)
        assert simulated == pytest.approx(analytic, rel=0.05)


def test_network_measures_in_range(report):
    for name in RUNGS:
        network = _rung(report, name)["sections"]["network"]
        assert -1.0 <= network["fc_sc_correlation"] <= 1.0
        assert 0.0 <= network["order_parameter_mean"] <= 1.0
        assert network["peak_frequency"] > 0.0


def test_entrainment_locks_at_natural_frequency(report):
    entrainment = _rung(report, "stuart_landau")["sections"]["forced"]["entrainment"]
    locking = np.array(entrainment["phase_locking"])
    ratios = np.array(entrainment["frequency_ratios"])
    centre = int(np.argmin(np.abs(ratios - 1.0)))
    # The strongest forcing at the natural frequency locks; far detuned, the
    # weakest forcing does not.
    assert locking[-1, centre] > 0.9
    assert locking[0, 0] < locking[-1, centre]


def test_missing_tvb_data_falls_back(monkeypatch, caplog):
    from rosetta_sym.report import connectome

    monkeypatch.setattr(connectome, "tvb_data_available", lambda: False)
    loaded, info = connectome.load_report_connectome("tvb:76")
    assert loaded.n_nodes == 76
    assert info["identity"].startswith("synthetic:76")
    assert 'pip install "rosetta_sym[connectomes]"' in info["fallback"]
    assert "synthetic:76" in caplog.text


def test_unknown_rung_is_usage_error(tmp_path, capsys):
    status = main(["ladder", "--rungs", "no_such_rung", "--out", str(tmp_path)])
    assert status == 2
    assert "no_such_rung" in capsys.readouterr().err


def test_missing_connectome_file_is_usage_error(tmp_path, capsys):
    missing = tmp_path / "missing.npy"
    status = main(["ladder", "--connectome", str(missing), "--out", str(tmp_path)])
    assert status == 2
    assert "missing.npy" in capsys.readouterr().err


def test_quick_report_of_every_rung(tmp_path):
    status = main(["ladder", "--quick", "--no-progress", "--out", str(tmp_path)])
    assert status == 0
    data = json.loads(
        (tmp_path / "ladder.json").read_text(), parse_constant=_reject_constant
    )
    assert [rung["name"] for rung in data["rungs"]] == ladder.names()
    for rung in data["rungs"]:
        for key, section in rung["sections"].items():
            assert section["status"] in ("ok", "skipped"), (rung["name"], key)
        assert rung["sections"]["network"]["status"] == "ok", rung["name"]
        assert rung["sections"]["portrait"]["status"] == "ok", rung["name"]
    html = (tmp_path / "index.html").read_text()
    for link in re.findall(r'src="([^"]+)"', html):
        if not link.startswith(("http:", "https:")):
            assert (tmp_path / link).is_file(), link
