"""Simulation settings of each rung in the report: time step, durations, network.

The values are run settings, not results. Step sizes follow the usual
fixed-step guidance: ``dt <= 1 / (100 f_max)`` for linear rungs and
Wilson-Cowan, and ``dt <= 1 / (200 f_max)`` for Stuart-Landau and the
second-order synapse rungs, with ``f_max`` the highest frequency of the rung.
Durations span several periods of the slowest rhythm.

NOTE: the network coupling strengths and noise levels were chosen by hand so
that every network run stays finite and shows a rhythm; they are not fitted to
data, and other values give other FC-SC correlations and synchrony.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from rosetta_sym.model import Model

__all__ = ["RungSettings", "settings_for", "RUNG_SETTINGS"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RungSettings:
    """Run settings of one rung; times are in the rung's time unit.

    Attributes
    ----------
    dt : float
        Integration step of single-node runs.
    duration : float
        Length of single-node runs (portraits, forced runs), transient included.
    transient : float
        Initial part of every run that measurements discard.
    network_dt : float
        Integration step of the network run (also bounded by the delays).
    network_duration : float
        Length of the network run, transient included.
    coupling : float
        Global coupling ``G`` of the network run (weights scaled so that the
        largest eigenvalue of the connectome is 1).
    velocity : float
        Conduction velocity in m/s (tract lengths in mm, so mm/ms).
    noise : float
        Noise amplitude (standard deviation per unit time) of the additive
        noise in the network run.
    noise_states : tuple of str
        States that receive the noise; empty means every state.
    time_scale_ms : float
        Length of one model time unit in ms, used to turn tract lengths into
        delays for rungs with dimensionless time.
    entrainment_amplitude : float
        Largest forcing amplitude of the entrainment map, in the unit of the
        forcing input.
    """

    dt: float
    duration: float
    transient: float
    network_dt: float
    network_duration: float
    coupling: float
    velocity: float = 5.0
    noise: float = 0.0
    noise_states: tuple[str, ...] = ()
    time_scale_ms: float = 1.0
    entrainment_amplitude: float = 1.0

    def shortened(self, single: float, network: float) -> RungSettings:
        """Return a copy with shorter runs.

        Single-node durations and the transient are multiplied by ``single``,
        the network duration by ``network`` (both at most 1).
        """
        return dataclasses.replace(
            self,
            duration=self.duration * single,
            transient=self.transient * single,
            network_duration=self.network_duration * network,
        )


#: Settings of the built-in rungs. Dimensionless rungs take one time unit as
#: ``time_scale_ms`` so tract lengths turn into delays of a few time steps.
RUNG_SETTINGS: dict[str, RungSettings] = {
    # Dimensionless oscillator rungs: one rotation per time unit at the default
    # omega = 2 pi; one time unit is taken as 100 ms (a 10 Hz rhythm).
    "kuramoto": RungSettings(
        dt=0.005,
        duration=20.0,
        transient=5.0,
        network_dt=0.005,
        network_duration=30.0,
        coupling=1.0,
        noise=0.5,
        time_scale_ms=100.0,
    ),
    "harmonic_oscillator": RungSettings(
        dt=0.005,
        duration=10.0,
        transient=2.0,
        network_dt=0.005,
        network_duration=30.0,
        coupling=0.1,
        noise=0.05,
        time_scale_ms=100.0,
    ),
    "damped_oscillator": RungSettings(
        dt=0.005,
        duration=30.0,
        transient=10.0,
        network_dt=0.005,
        network_duration=30.0,
        coupling=0.2,
        noise=0.2,
        time_scale_ms=100.0,
    ),
    "stuart_landau": RungSettings(
        dt=0.005,
        duration=30.0,
        transient=10.0,
        network_dt=0.005,
        network_duration=30.0,
        coupling=0.2,
        noise=0.05,
        time_scale_ms=100.0,
        entrainment_amplitude=1.0,
    ),
    # Wilson-Cowan time is in units of tau, taken as 10 ms.
    "wilson_cowan": RungSettings(
        dt=0.02,
        duration=120.0,
        transient=40.0,
        network_dt=0.02,
        network_duration=150.0,
        coupling=0.5,
        noise=0.01,
        time_scale_ms=10.0,
        entrainment_amplitude=0.6,
    ),
    "ei_motif": RungSettings(
        dt=0.1,
        duration=2000.0,
        transient=500.0,
        network_dt=0.1,
        network_duration=2500.0,
        coupling=0.5,
        noise=0.001,
    ),
    "jansen_rit": RungSettings(
        dt=2e-4,
        duration=4.0,
        transient=1.0,
        network_dt=2e-4,
        network_duration=5.0,
        coupling=10.0,
        noise=0.0,
        entrainment_amplitude=150.0,
    ),
    "wendling": RungSettings(
        dt=1e-4,
        duration=4.0,
        transient=1.0,
        network_dt=1e-4,
        network_duration=5.0,
        coupling=10.0,
        noise=0.0,
    ),
    "montbrio_pazo_roxin": RungSettings(
        dt=0.005,
        duration=100.0,
        transient=30.0,
        network_dt=0.005,
        network_duration=150.0,
        coupling=1.0,
        noise=0.01,
        noise_states=("v",),
    ),
    "montbrio_pazo_roxin_first_order": RungSettings(
        dt=0.005,
        duration=100.0,
        transient=30.0,
        network_dt=0.005,
        network_duration=150.0,
        coupling=1.0,
        noise=0.01,
        noise_states=("v",),
    ),
    "montbrio_pazo_roxin_second_order": RungSettings(
        dt=0.005,
        duration=100.0,
        transient=30.0,
        network_dt=0.005,
        network_duration=150.0,
        coupling=1.0,
        noise=0.01,
        noise_states=("v",),
    ),
    "ing": RungSettings(
        dt=0.01,
        duration=300.0,
        transient=100.0,
        network_dt=0.01,
        network_duration=400.0,
        coupling=1.0,
        noise=0.01,
        noise_states=("v",),
    ),
    "ping": RungSettings(
        dt=0.01,
        duration=400.0,
        transient=100.0,
        network_dt=0.01,
        network_duration=500.0,
        coupling=1.0,
        noise=0.01,
        noise_states=("v_e", "v_i"),
    ),
    "nmm2_ei": RungSettings(
        dt=0.01,
        duration=400.0,
        transient=100.0,
        network_dt=0.01,
        network_duration=500.0,
        coupling=1.0,
        noise=0.01,
        noise_states=("v_e", "v_i"),
    ),
}

#: Fractions of the single-node and of the network durations that ``--quick``
#: keeps. Network runs dominate the run time, so they are cut the most.
QUICK_SINGLE_FACTOR = 0.6
QUICK_NETWORK_FACTOR = 0.35


def settings_for(model: Model, quick: bool = False) -> RungSettings:
    """Return the run settings of ``model``, shortened in quick mode.

    Rungs without an entry in :data:`RUNG_SETTINGS` get settings from their
    time unit.

    NOTE: the fallback assumes rates of order one per time unit (per ms for
    ``"ms"``, 10 Hz for ``"s"``). A rung much faster than that needs an entry.
    """
    settings = RUNG_SETTINGS.get(model.name)
    if settings is None:
        settings = _fallback_settings(model)
        logger.info("%s: no run settings declared; using %s", model.name, settings)
    if quick:
        return settings.shortened(QUICK_SINGLE_FACTOR, QUICK_NETWORK_FACTOR)
    return settings


def _fallback_settings(model: Model) -> RungSettings:
    if model.time_unit == "s":
        return RungSettings(1e-4, 4.0, 1.0, 1e-4, 6.0, coupling=0.5)
    if model.time_unit == "ms":
        return RungSettings(0.01, 400.0, 100.0, 0.01, 600.0, coupling=0.5)
    return RungSettings(0.01, 60.0, 20.0, 0.01, 80.0, coupling=0.2, time_scale_ms=10.0)
