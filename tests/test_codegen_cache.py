"""The kernel cache: reuse across processes, concurrent builds, corrupted entries."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.cli.main import main as rosetta_main
from rosetta_sym.codegen import (
    cache_statistics,
    entry_path,
    load_kernels,
    render_module,
)
from rosetta_sym.codegen.render import checksum_line, verify_checksum
from rosetta_sym.model import Model, Parameter, State, symbols

# Builds a small model in a fresh interpreter, calls rhs and jacobian, and
# prints the cache counters and numba's cache counters as JSON.
CHILD_SCRIPT = textwrap.dedent(
    """
    import json
    import numpy as np
    from rosetta_sym.codegen import cache_statistics, entry_path, load_kernels
    from rosetta_sym.model import Model, Parameter, State, symbols

    x, v, k, damping = symbols("x v k damping")
    model = Model(
        "cache_probe_{tag}",
        states=[State("x", 1.0), State("v", 0.0)],
        parameters=[Parameter("k", 4.0), Parameter("damping", 0.1)],
        equations={{"x": v, "v": -k * x - damping * v}},
    )
    kernels = load_kernels(model)
    dydt = np.empty(2)
    jac = np.empty((2, 2))
    y = model.initial_state
    kernels.rhs(0.0, y, model.parameter_vector, np.empty(0), dydt)
    kernels.jacobian(0.0, y, model.parameter_vector, np.empty(0), jac)
    statistics = cache_statistics()
    print(json.dumps({{
        "hits": statistics.hits,
        "misses": statistics.misses,
        "rebuilds": statistics.rebuilds,
        "numba_hits": sum(kernels.rhs.stats.cache_hits.values())
        + sum(kernels.jacobian.stats.cache_hits.values()),
        "numba_misses": sum(kernels.rhs.stats.cache_misses.values())
        + sum(kernels.jacobian.stats.cache_misses.values()),
        "path": str(entry_path(model)),
        "dydt": dydt.tolist(),
    }}))
    """
)


def child_command(tag: str) -> list[str]:
    return [sys.executable, "-c", CHILD_SCRIPT.format(tag=tag)]


def child_environment(cache_dir) -> dict[str, str]:
    return {**os.environ, "ROSETTA_SYM_CACHE_DIR": str(cache_dir)}


def run_child(tag: str, cache_dir) -> dict:
    completed = subprocess.run(
        child_command(tag),
        env=child_environment(cache_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_second_process_reuses_cache(tmp_path):
    first = run_child("reuse", tmp_path)
    second = run_child("reuse", tmp_path)
    assert first["misses"] == 1
    assert first["numba_misses"] == 2
    assert second["hits"] == 1
    assert second["misses"] == 0
    assert second["numba_hits"] == 2
    assert second["numba_misses"] == 0
    assert second["path"] == first["path"]
    assert second["dydt"] == [0.0, -4.0]


def test_concurrent_builds_leave_one_entry(tmp_path):
    children = [
        subprocess.Popen(
            child_command("concurrent"),
            env=child_environment(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    reports = []
    for child in children:
        stdout, stderr = child.communicate(timeout=300)
        assert child.returncode == 0, stderr
        reports.append(json.loads(stdout.strip().splitlines()[-1]))
    assert sum(r["misses"] for r in reports) == 1
    assert sum(r["hits"] for r in reports) == 3
    assert sum(r["rebuilds"] for r in reports) == 0
    entries = sorted(tmp_path.glob("*.py"))
    assert [str(p) for p in entries] == [reports[0]["path"]]
    assert verify_checksum(entries[0].read_text())
    assert not list(tmp_path.glob("*.tmp"))


def probe_model(name: str) -> Model:
    x, rate = symbols("x rate")
    return Model(
        name,
        states=[State("x", 1.0)],
        parameters=[Parameter("rate", 2.0)],
        equations={"x": -rate * x},
    )


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ROSETTA_SYM_CACHE_DIR", str(tmp_path))
    return tmp_path


def check_decay_kernel(kernels):
    dydt = np.empty(1)
    kernels.rhs(0.0, np.array([3.0]), np.array([2.0]), np.empty(0), dydt)
    assert dydt[0] == -6.0


def test_corrupted_entry_rebuilt(private_cache):
    model = probe_model("corrupted_probe")
    path = entry_path(model)
    text = render_module(model)
    path.write_text(text[: len(text) // 2])
    before = cache_statistics()
    kernels = load_kernels(model)
    after = cache_statistics()
    assert after.rebuilds == before.rebuilds + 1
    assert path.read_text() == text
    check_decay_kernel(kernels)


def test_entry_failing_import_rebuilt(private_cache):
    model = probe_model("failing_import_probe")
    path = entry_path(model)
    body = "raise ImportError('stale entry')\n"
    path.write_text(checksum_line(body) + body)
    before = cache_statistics()
    kernels = load_kernels(model)
    assert cache_statistics().rebuilds == before.rebuilds + 1
    check_decay_kernel(kernels)


def test_parameter_copies_share_entry():
    model = ladder.get("wilson_cowan")
    copy = model.with_parameters(P_x=1.25).with_initial(x=0.5)
    assert copy.hash != model.hash
    assert entry_path(copy) == entry_path(model)
    assert render_module(copy) == render_module(model)


def test_cache_directory_from_environment(private_cache):
    assert entry_path(probe_model("where_probe")).parent == private_cache


def test_render_deterministic_across_hash_seeds():
    script = (
        "import hashlib; from rosetta_sym import ladder; "
        "from rosetta_sym.codegen import render_module; "
        "print(hashlib.sha256(render_module(ladder.get('jansen_rit')).encode())"
        ".hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        completed = subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert completed.returncode == 0, completed.stderr
        digests.add(completed.stdout.strip())
    local = render_module(ladder.get("jansen_rit"))
    assert len(digests) == 1
    assert digests == {hashlib.sha256(local.encode()).hexdigest()}


def test_compile_command_writes_module(tmp_path):
    status = rosetta_main(["compile", "wilson_cowan", "--out", str(tmp_path)])
    assert status == 0
    written = (tmp_path / "wilson_cowan.py").read_text()
    assert written == render_module(ladder.get("wilson_cowan"))
    header = written.splitlines()[:5]
    assert header[2] == "# model: wilson_cowan"
    assert header[3].startswith("# model hash: ")
    assert header[4].startswith("# generator version: ")


def test_compile_command_unknown_model(tmp_path, capsys):
    status = rosetta_main(["compile", "no_such_rung", "--out", str(tmp_path)])
    assert status == 2
    assert "unknown model 'no_such_rung'" in capsys.readouterr().err


def test_compile_command_model_file(tmp_path):
    from rosetta_sym.io import dump_model

    model = ladder.get("jansen_rit")
    model_file = dump_model(model, tmp_path / "column.toml")
    status = rosetta_main(["compile", str(model_file), "--out", str(tmp_path / "out")])
    assert status == 0
    written = (tmp_path / "out" / "jansen_rit.py").read_text()
    assert written == render_module(model)
