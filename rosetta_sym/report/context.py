"""Shared state of one report run: options, output folder, per-rung context."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rosetta_sym.model import Model
from rosetta_sym.report.settings import RungSettings

__all__ = ["ReportOptions", "RungContext", "SectionSkipped"]

logger = logging.getLogger(__name__)


class SectionSkipped(Exception):
    """A section does not apply to a rung, and the message gives the reason.

    The builder records the reason in the report instead of an error.
    """


@dataclass(frozen=True)
class ReportOptions:
    """Options of one ``rosetta ladder`` run.

    Attributes
    ----------
    out_dir : Path
        Folder that receives ``index.html``, ``ladder.json`` and the PNG figures.
    connectome : str
        ``"tvb:76"`` (the default), another ``tvb:N`` shortcut or a file path.
    quick : bool
        Shorter simulations and coarser grids, for a report in under a minute.
    rungs : tuple of str
        Names of the rungs to climb, bottom of the ladder first.
    progress : bool
        Show tqdm progress bars on stderr.
    seed : int
        Base seed of every noisy simulation in the report.
    jobs : int or None
        Worker processes that compile the rungs' kernels ahead of use; 0
        compiles in the main process, None uses one per available core.
    """

    out_dir: Path
    connectome: str = "tvb:76"
    quick: bool = False
    rungs: tuple[str, ...] = ()
    progress: bool = True
    seed: int = 42
    jobs: int | None = None


@dataclass
class RungContext:
    """Everything a section needs about one rung, plus results shared between
    sections (for example the continuation, reused by the forced response).

    Attributes
    ----------
    model : Model
        The rung at its default parameters.
    settings : RungSettings
        Time step, durations and network settings of the rung.
    options : ReportOptions
        Options of the whole run.
    connectome : Any
        The loaded connectome shared by every rung's network run.
    shared : dict
        Results one section computes and a later one reuses.
    kernels_ready : callable, optional
        Blocks until the rung's kernels are compiled (by a worker process);
        called before the first simulation.
    """

    model: Model
    settings: RungSettings
    options: ReportOptions
    connectome: Any = None
    shared: dict[str, Any] = field(default_factory=dict)
    kernels_ready: Callable[[], None] | None = None

    def wait_for_kernels(self) -> None:
        """Block until the rung's kernels are compiled, once."""
        if self.kernels_ready is not None:
            ready, self.kernels_ready = self.kernels_ready, None
            ready()

    @property
    def name(self) -> str:
        """Name of the rung."""
        return self.model.name

    def figure_path(self, kind: str) -> Path:
        """Return the path of the PNG figure ``kind`` of this rung."""
        return self.options.out_dir / f"{self.name}_{kind}.png"
