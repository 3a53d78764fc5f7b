"""Matplotlib setup of the report: the Agg backend and one way to save figures."""

from __future__ import annotations

import logging
from pathlib import Path

__all__ = ["pyplot", "new_figure", "save_figure", "FIGURE_DPI"]

logger = logging.getLogger(__name__)

#: Resolution of the PNG figures (dots per inch).
FIGURE_DPI = 90


def pyplot():
    """Return ``matplotlib.pyplot`` set to the non-interactive Agg backend.

    Raises
    ------
    RuntimeError
        When matplotlib is not installed, with the command that installs it.
    """
    try:
        import matplotlib
    except ImportError:
        raise RuntimeError(
            "the ladder report draws its figures with matplotlib, which is not "
            'installed; install it with: pip install "rosetta_sym[plot]"'
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def new_figure(plt, size, rows: int = 1, columns: int = 1, right: float = 0.97):
    """Create a figure with fixed margins and a grid of axes.

    Fixed margins replace matplotlib's constrained layout, which made
    ``savefig`` of the six-panel network figure several times slower.

    Parameters
    ----------
    plt : module
        ``matplotlib.pyplot`` from :func:`pyplot`.
    size : (float, float)
        Width and height in inches.
    rows, columns : int
        Shape of the axes grid.
    right : float
        Right edge of the axes area, as a fraction of the width; lower it to
        leave room for a colour bar.

    Returns
    -------
    figure, axes
        As returned by ``plt.subplots``.
    """
    figure, axes = plt.subplots(rows, columns, figsize=size)
    top = 0.88 if rows > 1 else 0.9
    figure.subplots_adjust(
        left=0.08 if columns > 1 else 0.12,
        right=right,
        bottom=0.08 if rows > 1 else 0.13,
        top=top,
        wspace=0.35,
        hspace=0.4,
    )
    return figure, axes


def save_figure(figure, path: Path) -> str:
    """Write ``figure`` to ``path`` as PNG, close it and return the file name.

    The returned name is relative to the report folder, as ``index.html``
    references it.
    """
    plt = pyplot()
    figure.savefig(path, dpi=FIGURE_DPI)
    plt.close(figure)
    logger.info("wrote %s", path)
    return path.name
