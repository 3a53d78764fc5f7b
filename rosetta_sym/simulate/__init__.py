"""Simulation engine: fixed-step and stochastic integration of models and networks.

:func:`simulate` runs one model, alone or on a connectome, with forcing, noise,
conduction delays and chunked recording; :func:`simulate_batch` runs many
parameter sets with one compiled kernel in parallel.
"""

from rosetta_sym.simulate.batch import BatchResult, simulate_batch
from rosetta_sym.simulate.connectome import (
    Connectome,
    ConnectomeError,
    synthetic_connectome,
)
from rosetta_sym.simulate.connectome_files import load_connectome
from rosetta_sym.simulate.engine import BlowUpError, simulate
from rosetta_sym.simulate.forcing import (
    Chirp,
    Constant,
    Forcing,
    OrnsteinUhlenbeck,
    PulseTrain,
    Sampled,
    Sinusoid,
    Step,
    parse_forcing,
)
from rosetta_sym.simulate.result import SimulationResult
from rosetta_sym.simulate.setup import METHODS, SimulationError

__all__ = [
    "METHODS",
    "BatchResult",
    "BlowUpError",
    "Chirp",
    "Connectome",
    "ConnectomeError",
    "Constant",
    "Forcing",
    "OrnsteinUhlenbeck",
    "PulseTrain",
    "Sampled",
    "SimulationError",
    "SimulationResult",
    "Sinusoid",
    "Step",
    "load_connectome",
    "parse_forcing",
    "simulate",
    "simulate_batch",
    "synthetic_connectome",
]
