"""rosetta_sym: neural mass models as SymPy equations, analysed and compiled."""

from rosetta_sym.model import (
    TIME,
    Coupling,
    Input,
    Model,
    ModelError,
    Parameter,
    Reference,
    State,
    define_function,
    logistic,
    second_order_synapse,
    symbols,
)

__version__ = "0.1.0"

__all__ = [
    "TIME",
    "Coupling",
    "Input",
    "Model",
    "ModelError",
    "Parameter",
    "Reference",
    "State",
    "__version__",
    "define_function",
    "logistic",
    "second_order_synapse",
    "symbols",
]
