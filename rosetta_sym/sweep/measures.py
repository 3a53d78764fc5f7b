"""Measures: small summaries of one simulated grid point, computed on the worker.

A measure is a function of a :class:`SignalWindow` (the observable of every node
after the transient) that returns a float, or an array with one axis per entry
of ``Measure.dims``, each of length ``n_nodes``. Built-in measures cover
frequency, band power, synchrony (Kuramoto order parameter), functional
connectivity and stability. Users add their own with :func:`register_measure`.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "BANDS",
    "DEFAULT_MEASURES",
    "Measure",
    "MeasureError",
    "SignalWindow",
    "compute_measures",
    "get_measure",
    "list_measures",
    "register_measure",
    "resolve_measures",
]

logger = logging.getLogger(__name__)

#: EEG frequency bands in Hz, lower edge inclusive, upper edge exclusive.
#: Gamma extends to the Nyquist frequency.
BANDS: dict[str, tuple[float, float]] = {
    "delta": (1.0, 4.0),
    "theta": (4.0, 8.0),
    "alpha": (8.0, 13.0),
    "beta": (13.0, 30.0),
    "gamma": (30.0, math.inf),
}

#: Relative peak-to-peak amplitude in the last quarter of the window below which
#: a node counts as settled on a fixed point.
FIXED_POINT_TOLERANCE = 1e-3

_SECONDS_PER_UNIT = {"s": 1.0, "ms": 1e-3}


class MeasureError(ValueError):
    """Unknown measure, a duplicate registration, or a measure the sweep cannot use."""


@dataclass
class SignalWindow:
    """The observable of one grid point after the transient.

    Parameters
    ----------
    data : ndarray, shape (n_samples, n_nodes)
        Observable samples, in the observable's unit.
    sample_interval : float
        Time between samples, in model time units.
    time_unit : str
        The model's time unit, ``"s"``, ``"ms"`` or ``"1"``.
    weights : ndarray, shape (n_nodes, n_nodes), optional
        Structural connectivity weights, ``None`` for a single node.
    point : dict of str to float
        The grid point's axis values (parameters, ``G``, ``velocity``).
    """

    data: np.ndarray
    sample_interval: float
    time_unit: str = "1"
    weights: np.ndarray | None = None
    point: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data = np.asarray(self.data, dtype=np.float64)
        if self.data.ndim == 1:
            self.data = self.data[:, None]
        if self.data.ndim != 2:
            raise ValueError(
                "signal data must have shape (n_samples, n_nodes), got "
                f"{self.data.shape}"
            )
        if not self.sample_interval > 0:
            raise ValueError(
                f"sample interval must be > 0, got {self.sample_interval!r}"
            )

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return self.data.shape[0]

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return self.data.shape[1]

    @property
    def sample_rate(self) -> float:
        """Sampling rate: samples per second for time in s or ms, else per time unit."""
        seconds = _SECONDS_PER_UNIT.get(self.time_unit, 1.0)
        return 1.0 / (self.sample_interval * seconds)

    @property
    def has_hz(self) -> bool:
        """Whether frequencies are in Hz (the model's time unit is s or ms)."""
        return self.time_unit in _SECONDS_PER_UNIT

    @functools.cached_property
    def spectrum(self) -> tuple[np.ndarray, np.ndarray]:
        """Welch power spectral density averaged over nodes.

        Returns ``(frequencies, density)``, each of shape ``(n_frequencies,)``;
        frequencies in Hz (or cycles per time unit), density in observable
        unit squared per frequency unit.
        """
        from scipy.signal import welch

        n = self.n_samples
        segment = n if n < 512 else n // 2
        frequencies, density = welch(
            self.data, fs=self.sample_rate, nperseg=segment, detrend="constant", axis=0
        )
        return frequencies, density.mean(axis=1)

    @functools.cached_property
    def phase(self) -> np.ndarray:
        """Instantaneous phase of each node, shape ``(n_samples - 2 e, n_nodes)``.

        The phase of the analytic signal (``scipy.signal.hilbert``) of the
        demeaned observable. A tenth of the samples at each end (``e``) is
        dropped because the Hilbert transform of a finite record is distorted
        near its edges.
        """
        from scipy.signal import hilbert

        centred = self.data - self.data.mean(axis=0)
        phase = np.angle(hilbert(centred, axis=0))
        edge = self.n_samples // 10
        return phase[edge : self.n_samples - edge] if edge else phase


@dataclass(frozen=True)
class Measure:
    """A named measure and what it needs.

    ``dims`` names the measure's own axes (each of length ``n_nodes``), empty
    for a scalar. ``needs_hz`` marks measures that need frequencies in Hz,
    ``needs_network`` those that need a connectome.
    """

    name: str
    function: Callable[[SignalWindow], float | np.ndarray]
    description: str = ""
    unit: str = ""
    dims: tuple[str, ...] = ()
    needs_hz: bool = False
    needs_network: bool = False


_REGISTRY: dict[str, Measure] = {}


def register_measure(
    name: str,
    function: Callable[[SignalWindow], float | np.ndarray] | None = None,
    *,
    description: str = "",
    unit: str = "",
    dims: Iterable[str] = (),
    needs_hz: bool = False,
    needs_network: bool = False,
    replace: bool = False,
):
    """Register a measure under ``name``; usable as a decorator.

    Parameters
    ----------
    name : str
        Measure name, a valid identifier; it becomes a variable of the result.
    function : callable, optional
        ``function(window: SignalWindow) -> float | ndarray``. Omit it to use
        ``register_measure(name, ...)`` as a decorator.
    description, unit : str
        Stored in the result's variable attributes.
    dims : iterable of str
        Names of the measure's own axes, each of length ``n_nodes``.
    needs_hz, needs_network : bool
        Reject the measure for models without a time unit or without a network.
    replace : bool
        Allow replacing an existing measure of the same name.

    Returns
    -------
    Measure, or a decorator returning the function unchanged.

    Notes
    -----
    Workers receive user measures pickled with the task, so the function must
    be importable on the workers or defined at module level in ``__main__``.
    """
    if not name.isidentifier():
        raise MeasureError(f"measure name {name!r} is not a valid identifier")

    def add(func):
        if name in _REGISTRY and not replace:
            raise MeasureError(
                f"measure {name!r} is already registered; pass replace=True to "
                "replace it"
            )
        _REGISTRY[name] = Measure(
            name, func, description, unit, tuple(dims), needs_hz, needs_network
        )
        return func

    if function is None:
        return add
    add(function)
    return _REGISTRY[name]


def get_measure(name: str) -> Measure:
    """Return the registered measure ``name``.

    Raises :class:`MeasureError` when no measure has that name.
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise MeasureError(
            f"unknown measure {name!r}; known measures: {', '.join(_REGISTRY)} "
            "(see rosetta sweep --list-measures)"
        ) from None


def list_measures() -> list[Measure]:
    """Return every registered measure, built-ins first."""
    return list(_REGISTRY.values())


def resolve_measures(
    names: Iterable[str | Measure] | None, *, time_unit: str, has_network: bool
) -> tuple[Measure, ...]:
    """Look up measures by name and check that the sweep can compute them.

    Parameters
    ----------
    names : iterable of str or Measure, optional
        Measure names or objects; ``None`` selects those of
        :data:`DEFAULT_MEASURES` that the model and the network allow.
    time_unit : str
        The model's time unit.
    has_network : bool
        Whether the sweep runs on a connectome.

    Returns
    -------
    tuple of Measure
    """
    if names is None:
        names = [
            name
            for name in DEFAULT_MEASURES
            if (has_network or not _REGISTRY[name].needs_network)
            and (time_unit in _SECONDS_PER_UNIT or not _REGISTRY[name].needs_hz)
        ]
    measures = []
    for item in names:
        measure = item if isinstance(item, Measure) else get_measure(item)
        if measure.needs_hz and time_unit not in _SECONDS_PER_UNIT:
            raise MeasureError(
                f"measure {measure.name!r} needs frequencies in Hz, but the model's "
                f"time unit is {time_unit!r}; use a model with time in s or ms"
            )
        if measure.needs_network and not has_network:
            raise MeasureError(
                f"measure {measure.name!r} needs a network; give a connectome, "
                "such as --connectome tvb:76"
            )
        if measure.name in (m.name for m in measures):
            raise MeasureError(f"measure {measure.name!r} is requested twice")
        measures.append(measure)
    return tuple(measures)


def compute_measures(
    window: SignalWindow, measures: Iterable[Measure]
) -> tuple[dict[str, float | np.ndarray], str]:
    """Evaluate measures on one window.

    Returns
    -------
    values : dict of str to float or ndarray
        Measure name to value; NaN where the measure raised.
    reason : str
        Empty when every measure succeeded, else which measures failed and why.
    """
    values: dict[str, float | np.ndarray] = {}
    failures = []
    for measure in measures:
        try:
            value = measure.function(window)
            values[measure.name] = (
                np.asarray(value, dtype=np.float64) if measure.dims else float(value)
            )
        # User measures may raise anything; one failing measure must not stop
        # the sweep, so the error is logged and stored with the point.
        except Exception as error:  # noqa: BLE001
            logger.warning(
                "measure %s failed at %s: %s", measure.name, window.point, error
            )
            failures.append(f"measure {measure.name} failed: {error}")
            shape = (window.n_nodes,) * len(measure.dims)
            values[measure.name] = np.full(shape, np.nan) if shape else math.nan
    return values, "; ".join(failures)


# ----------------------------------------------------------------------
# Built-in measures
# ----------------------------------------------------------------------
def _positive_spectrum(window: SignalWindow) -> tuple[np.ndarray, np.ndarray]:
    frequencies, density = window.spectrum
    keep = frequencies > 0
    return frequencies[keep], density[keep]


def mean_frequency(window: SignalWindow) -> float:
    """Return the power-weighted mean frequency (spectral centroid)."""
    frequencies, density = _positive_spectrum(window)
    total = density.sum()
    if not total > 0:
        return math.nan
    return float((frequencies * density).sum() / total)


def peak_frequency(window: SignalWindow) -> float:
    """Return the frequency of the largest peak of the power spectral density."""
    frequencies, density = _positive_spectrum(window)
    if not density.size or not density.max() > 0:
        return math.nan
    return float(frequencies[int(np.argmax(density))])


def band_power(window: SignalWindow, band: str) -> float:
    """Return the power of the observable in a band of :data:`BANDS`, mean over nodes.

    The integral of the power spectral density over the band, in the
    observable's unit squared.
    """
    low, high = BANDS[band]
    frequencies, density = window.spectrum
    if frequencies.size < 2:
        return math.nan
    step = frequencies[1] - frequencies[0]
    inside = (frequencies >= low) & (frequencies < high)
    return float(density[inside].sum() * step)


def kuramoto_order(window: SignalWindow) -> np.ndarray:
    """Compute the Kuramoto order parameter ``|mean_j exp(i theta_j(t))|``.

    Returns one value per sample of :attr:`SignalWindow.phase`.
    """
    return np.abs(np.exp(1j * window.phase).mean(axis=1))


def kuramoto_mean(window: SignalWindow) -> float:
    """Return the time average of the Kuramoto order parameter (synchrony)."""
    if window.n_nodes < 2:
        return math.nan
    return float(kuramoto_order(window).mean())


def kuramoto_std(window: SignalWindow) -> float:
    """Return the standard deviation of the Kuramoto order parameter (metastability)."""
    if window.n_nodes < 2:
        return math.nan
    return float(kuramoto_order(window).std())


def functional_connectivity(window: SignalWindow) -> np.ndarray:
    """Compute the Pearson correlation between nodes, shape ``(n_nodes, n_nodes)``.

    Rows and columns of nodes with a constant signal are NaN.
    """
    data = window.data - window.data.mean(axis=0)
    norms = np.sqrt((data * data).sum(axis=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(norms > 0, data / norms, np.nan)
    matrix = scaled.T @ scaled
    np.fill_diagonal(matrix, np.where(norms > 0, 1.0, np.nan))
    return matrix


def fc_mean(window: SignalWindow) -> float:
    """Return the mean functional connectivity over node pairs (upper triangle)."""
    matrix = functional_connectivity(window)
    upper = matrix[np.triu_indices(window.n_nodes, k=1)]
    return float(upper.mean()) if upper.size else math.nan


def fc_sc_correlation(window: SignalWindow) -> float:
    """Correlate functional and structural connectivity (Pearson).

    Over the upper triangle of both matrices; the structural weights are
    symmetrised as ``(W + W.T) / 2`` first, because functional connectivity is
    symmetric. NaN when either side is constant or a node's signal is constant.
    """
    if window.weights is None:
        return math.nan
    upper = np.triu_indices(window.n_nodes, k=1)
    fc = functional_connectivity(window)[upper]
    weights = np.asarray(window.weights, dtype=np.float64)
    sc = ((weights + weights.T) / 2.0)[upper]
    if fc.size < 2 or not np.all(np.isfinite(fc)) or fc.std() == 0 or sc.std() == 0:
        return math.nan
    return float(np.corrcoef(fc, sc)[0, 1])


def _last_quarter(window: SignalWindow) -> np.ndarray:
    return window.data[-max(window.n_samples // 4, 1) :]


def amplitude(window: SignalWindow) -> float:
    """Return the peak-to-peak amplitude in the last quarter, mean over nodes."""
    return float(np.ptp(_last_quarter(window), axis=0).mean())


def fixed_point(window: SignalWindow) -> float:
    """Return 1.0 when every node settles on a fixed point, 0.0 when any moves.

    A node has settled when the peak-to-peak amplitude of its last quarter is
    below :data:`FIXED_POINT_TOLERANCE` times the larger of its mean value and
    its peak-to-peak amplitude over the whole window.
    """
    last = _last_quarter(window)
    scale = np.maximum(np.abs(last.mean(axis=0)), np.ptp(window.data, axis=0))
    settled = np.ptp(last, axis=0) <= FIXED_POINT_TOLERANCE * scale
    return 1.0 if bool(np.all(settled)) else 0.0


def _register_builtins() -> None:
    register_measure(
        "mean_frequency",
        mean_frequency,
        description="spectral centroid of the observable",
        unit="Hz (or 1/time unit)",
    )
    register_measure(
        "peak_frequency",
        peak_frequency,
        description="frequency of the largest spectral peak",
        unit="Hz (or 1/time unit)",
    )
    for band, (low, high) in BANDS.items():
        upper = "Nyquist" if math.isinf(high) else f"{high:g}"
        register_measure(
            f"power_{band}",
            functools.partial(band_power, band=band),
            description=f"power of the observable in the {band} band, "
            f"{low:g}-{upper} Hz, mean over nodes",
            unit="observable unit^2",
            needs_hz=True,
        )
    register_measure(
        "kuramoto_mean",
        kuramoto_mean,
        description="time average of the Kuramoto order parameter (synchrony)",
        unit="1",
        needs_network=True,
    )
    register_measure(
        "kuramoto_std",
        kuramoto_std,
        description="standard deviation of the Kuramoto order parameter "
        "(metastability)",
        unit="1",
        needs_network=True,
    )
    register_measure(
        "fc_mean",
        fc_mean,
        description="mean Pearson correlation between node pairs",
        unit="1",
        needs_network=True,
    )
    register_measure(
        "fc_sc_correlation",
        fc_sc_correlation,
        description="correlation of functional and structural connectivity "
        "(upper triangle)",
        unit="1",
        needs_network=True,
    )
    register_measure(
        "fc",
        functional_connectivity,
        description="functional connectivity matrix (Pearson over nodes)",
        unit="1",
        dims=("node", "node_other"),
        needs_network=True,
    )
    register_measure(
        "amplitude",
        amplitude,
        description="peak-to-peak amplitude in the last quarter, mean over nodes",
        unit="observable unit",
    )
    register_measure(
        "fixed_point",
        fixed_point,
        description="1 when every node settles on a fixed point, 0 when it oscillates",
        unit="1",
    )


_register_builtins()

#: Names of the built-in measures.
BUILTIN_MEASURES: frozenset[str] = frozenset(_REGISTRY)

#: Measures computed when a network sweep names none (``fc`` is left out because
#: it stores an n_nodes x n_nodes matrix per point).
DEFAULT_MEASURES: tuple[str, ...] = tuple(
    m.name for m in list_measures() if m.name != "fc"
)
