"""Shared test fixtures.

Every test session compiles kernels into one cache directory, so numba compiles
each model once per session instead of once per test. Set
``ROSETTA_SYM_CACHE_DIR`` beforehand to reuse a cache across sessions.
"""

from __future__ import annotations

import os
import tempfile

import pytest

if "ROSETTA_SYM_CACHE_DIR" not in os.environ:
    os.environ["ROSETTA_SYM_CACHE_DIR"] = os.path.join(
        tempfile.gettempdir(), "rosetta_sym-test-cache"
    )


@pytest.fixture(scope="session")
def kernel_cache_dir() -> str:
    """Directory of the kernel cache shared by the whole test session."""
    return os.environ["ROSETTA_SYM_CACHE_DIR"]
