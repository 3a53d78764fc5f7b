"""Layout of the network figure of the ladder report: no overlapping labels."""

from __future__ import annotations

import types

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from rosetta_sym import ladder  # noqa: E402
from rosetta_sym.report import network  # noqa: E402
from rosetta_sym.simulate.connectome import synthetic_connectome  # noqa: E402


def _draw_network_figure(monkeypatch, tmp_path, fc_noise: float):
    """Draw the figure from synthetic arrays and return it before it is saved."""
    captured = {}

    def keep_figure(figure, path):
        captured["figure"] = figure
        return path.name

    monkeypatch.setattr(network, "save_figure", keep_figure)
    model = ladder.get("jansen_rit")
    context = types.SimpleNamespace(
        model=model, figure_path=lambda kind: tmp_path / f"{kind}.png"
    )
    rng = np.random.default_rng(0)
    sc = synthetic_connectome(76).dense_weights()
    time = np.linspace(0.0, 2.0, 2001)
    rhythm = np.sin(2 * np.pi * 10 * time)[:, None]
    observable = rhythm + fc_noise * rng.standard_normal((time.size, 76))
    frequencies = np.linspace(0.0, 500.0, 257)
    power = np.ones((frequencies.size, 76))
    fc = np.corrcoef(observable.T)
    regions = network._shown_regions(sc)
    network._draw(
        context,
        time,
        observable,
        regions,
        [f"node{i}" for i in regions],
        frequencies,
        power,
        10.0,
        fc,
        sc,
        0.1,
        time,
        np.abs(np.sin(time)),
    )
    return captured["figure"]


@pytest.mark.parametrize("fc_noise", [0.1, 30.0])
def test_colour_bars_overlap_no_panel(monkeypatch, tmp_path, fc_noise):
    figure = _draw_network_figure(monkeypatch, tmp_path, fc_noise)
    renderer = figure.canvas.get_renderer()
    panels = figure.axes[:6]
    colour_bars = figure.axes[6:]

    assert len(colour_bars) == 2
    for bar in colour_bars:
        # Widen the box by 4 pixels on each side, so touching text also fails.
        bar_box = bar.get_tightbbox(renderer).padded(4)
        for panel in panels:
            panel_box = panel.get_tightbbox(renderer)
            overlap = bar_box.overlaps(panel_box) and panel is not _owner(bar, panels)
            assert not overlap, (
                f"colour bar {bar.get_ylabel()!r} overlaps the panel "
                f"{panel.get_title()!r}"
            )


def _owner(bar, panels):
    """Return the image panel that a colour bar belongs to (left of the bar)."""
    bar_left = bar.get_position().x0
    left_of_bar = [p for p in panels if p.get_position().x1 <= bar_left + 1e-9]
    same_row = [
        p for p in left_of_bar if abs(p.get_position().y0 - bar.get_position().y0) < 0.1
    ]
    return max(same_row, key=lambda p: p.get_position().x1)
