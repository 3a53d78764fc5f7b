"""Report runs of parameter sets: diverging sets become NaN, the others stay."""

from __future__ import annotations

import numpy as np
import pytest

from rosetta_sym import ladder
from rosetta_sym.report.context import ReportOptions, RungContext
from rosetta_sym.report.runs import run_parameter_sets
from rosetta_sym.report.settings import settings_for
from rosetta_sym.simulate import BlowUpError


@pytest.fixture
def damped(tmp_path) -> RungContext:
    model = ladder.get("damped_oscillator")
    return RungContext(
        model=model,
        settings=settings_for(model, quick=True),
        options=ReportOptions(out_dir=tmp_path, progress=False, jobs=0),
    )


def test_diverging_set_becomes_nan(damped):
    # alpha = 2 grows like exp(2 t): past 1e12 well before t = 20.
    overrides = [{"alpha": -0.5}, {"alpha": 2.0}, {"alpha": -1.0}]
    time, observable = run_parameter_sets(damped, overrides, duration=20.0)

    assert observable.shape == (3, time.size)
    assert np.all(np.isnan(observable[1]))
    # The decaying sets follow |z| = exp(alpha t) from |z(0)| = 1.
    for row, alpha in ((0, -0.5), (2, -1.0)):
        late = time >= 10.0
        radius = np.abs(observable[row, late])
        assert radius.max() <= np.exp(alpha * 10.0) * (1 + 1e-3)


def test_all_sets_diverging_raises(damped):
    with pytest.raises(BlowUpError):
        run_parameter_sets(damped, [{"alpha": 2.0}, {"alpha": 3.0}], duration=20.0)
