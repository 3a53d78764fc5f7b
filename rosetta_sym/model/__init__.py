"""Model declaration: states, parameters, inputs, equations, coupling."""

from rosetta_sym.model.declaration import (
    TIME,
    Model,
    define_function,
    second_order_synapse,
    symbols,
)
from rosetta_sym.model.functions import expand_auxiliary, logistic
from rosetta_sym.model.parts import (
    Coupling,
    Derivation,
    Input,
    Parameter,
    Reference,
    State,
)
from rosetta_sym.model.validation import ModelError

__all__ = [
    "TIME",
    "Coupling",
    "Derivation",
    "Input",
    "Model",
    "ModelError",
    "Parameter",
    "Reference",
    "State",
    "define_function",
    "expand_auxiliary",
    "logistic",
    "second_order_synapse",
    "symbols",
]
