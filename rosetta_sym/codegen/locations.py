"""Directories of the code generator: the templates and the kernel cache."""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import platformdirs

import rosetta_sym

__all__ = ["CACHE_ENV", "cache_directory", "templates_directory"]

#: Environment variable that overrides the cache directory.
CACHE_ENV = "ROSETTA_SYM_CACHE_DIR"


def cache_directory() -> Path:
    """Return the kernel cache directory, creating it if needed.

    ``$ROSETTA_SYM_CACHE_DIR`` when set, else ``kernels`` in the platform's user
    cache directory of ``rosetta_sym`` (``platformdirs.user_cache_dir``).
    """
    configured = os.environ.get(CACHE_ENV)
    if configured:
        directory = Path(configured)
    else:
        directory = Path(platformdirs.user_cache_dir("rosetta_sym")) / "kernels"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@functools.cache
def templates_directory() -> Path:
    """Return the directory of the Jinja2 templates.

    An installed wheel ships them as the package ``rosetta_sym.templates``; a
    source checkout keeps them in ``templates/`` next to ``rosetta_sym/``.
    """
    spec = importlib.util.find_spec("rosetta_sym.templates")
    if spec is not None and spec.submodule_search_locations:
        candidate = Path(next(iter(spec.submodule_search_locations)))
        if (candidate / "module.py.j2").is_file():
            return candidate
    candidate = Path(rosetta_sym.__file__).resolve().parent.parent / "templates"
    if (candidate / "module.py.j2").is_file():
        return candidate
    raise FileNotFoundError(
        "the code generation templates (module.py.j2) are missing from both the "
        f"package rosetta_sym.templates and {candidate}; reinstall rosetta_sym"
    )
