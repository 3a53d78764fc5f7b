"""Reading and writing models: safe expression parsing and TOML model files."""

from rosetta_sym.io.expressions import (
    ExpressionError,
    parse_expression,
    print_expression,
)
from rosetta_sym.io.toml_model import (
    ModelFileError,
    dump_model,
    dumps_model,
    load_model,
    loads_model,
)

__all__ = [
    "ExpressionError",
    "ModelFileError",
    "dump_model",
    "dumps_model",
    "load_model",
    "loads_model",
    "parse_expression",
    "print_expression",
]
