"""Code generation: SymPy models to numba kernels, and the kernel cache.

The main entry points are :func:`load_kernels` (the imported, cached module of a
model), :func:`render_module` (its source) and :func:`scipy_functions` (``fun``
and ``jac`` for ``scipy.integrate.solve_ivp``). The kernel signatures and the
template context are described in the "Seam 3" section of
``docs/architecture.md``.
"""

from rosetta_sym.codegen.cache import (
    CacheStatistics,
    cache_statistics,
    entry_path,
    has_machine_code,
    load_kernels,
)
from rosetta_sym.codegen.context import Block, build_context, kernel_hash
from rosetta_sym.codegen.interop import ScipyFunctions, scipy_functions
from rosetta_sym.codegen.locations import cache_directory
from rosetta_sym.codegen.output import write_module
from rosetta_sym.codegen.render import render_module
from rosetta_sym.codegen.version import generator_version

__all__ = [
    "Block",
    "CacheStatistics",
    "ScipyFunctions",
    "build_context",
    "cache_directory",
    "cache_statistics",
    "entry_path",
    "generator_version",
    "has_machine_code",
    "kernel_hash",
    "load_kernels",
    "render_module",
    "scipy_functions",
    "write_module",
]
