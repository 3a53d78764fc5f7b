"""The per-user cache of generated kernel modules.

An entry is one generated module, ``<model name>_<key>.py``, where the key is a
hash of the model hash, the generator version and the numba, numpy and Python
versions: anything that changes the source or the machine code gives a new file.
Entries are written atomically (temporary file, then ``os.replace``) under a file
lock, so several processes building the same model at once leave one valid
entry. The checksum line of an entry is verified before every import, and a
corrupted entry is rebuilt. The modules are imported from their files with
``importlib``, so ``numba.njit(cache=True)`` stores the machine code next to them
(in ``__pycache__``) and later processes load it instead of compiling.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import logging
import os
import py_compile
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import ModuleType

import filelock
import numba
import numpy as np

from rosetta_sym.codegen.context import kernel_hash
from rosetta_sym.codegen.locations import cache_directory
from rosetta_sym.codegen.render import render_module, verify_checksum
from rosetta_sym.codegen.version import generator_version
from rosetta_sym.model import Model

__all__ = [
    "CacheStatistics",
    "cache_statistics",
    "entry_path",
    "has_machine_code",
    "load_kernels",
    "write_atomically",
]

logger = logging.getLogger(__name__)

#: Seconds to wait for another process that holds the lock of an entry. Writing
#: an entry takes seconds (rendering and byte-compiling one module), so a wait
#: of minutes means that the other process is stuck.
LOCK_TIMEOUT_S = 300.0


@dataclasses.dataclass
class CacheStatistics:
    """Counts of cache lookups in this process.

    Attributes
    ----------
    hits : int
        Entries found valid on disk (no code generation).
    misses : int
        Entries generated because none existed.
    rebuilds : int
        Entries generated again because they were corrupted.
    """

    hits: int = 0
    misses: int = 0
    rebuilds: int = 0


_STATISTICS = CacheStatistics()

#: Modules imported in this process, by entry path.
_LOADED: dict[Path, ModuleType] = {}

#: Lock that serialises lookups by the threads of this process. The file lock
#: serialises processes.
_THREAD_LOCK = threading.RLock()


def cache_statistics() -> CacheStatistics:
    """Return a copy of the cache counters of this process."""
    return dataclasses.replace(_STATISTICS)


def entry_path(model: Model) -> Path:
    """Return the path of the cache entry of ``model``."""
    versions = "|".join(
        [
            kernel_hash(model),
            generator_version(),
            f"numba {numba.__version__}",
            f"numpy {np.__version__}",
            f"python {sys.version}",
        ]
    )
    key = hashlib.sha256(versions.encode()).hexdigest()[:20]
    return cache_directory() / f"{model.name}_{key}.py"


def has_machine_code(model: Model, function: str) -> bool:
    """Return whether numba's cache contains machine code of ``function`` of ``model``.

    Looks for numba's index file of the function beside the cache entry
    (``__pycache__/<entry>.<function>-<line>.py<version>.nbi``). An index
    written for another signature or CPU still counts, so a True result is a
    strong hint rather than a promise: numba then compiles on the first call.
    """
    path = entry_path(model)
    if not path.is_file():
        return False
    pattern = f"{path.stem}.{function}-*.nbi"
    return any((path.parent / "__pycache__").glob(pattern))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file,
    never a partial one."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file readable by its owner only, but entries and
        # written modules get the usual permissions of source files.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_kernels(model: Model) -> ModuleType:
    """Return the imported generated module of ``model``, building it on a miss.

    Parameters
    ----------
    model : Model
        The model. Copies that differ only in parameter defaults or initial
        values share one module.

    Returns
    -------
    module
        The generated module with ``rhs``, ``jacobian``, ``outputs``,
        ``coupling_source``, ``rhs_nodes`` and the steppers (see the "Seam 3"
        section of ``docs/architecture.md``). numba compiles each function on
        its first call, or loads the machine code cached by an earlier process.
    """
    path = entry_path(model)
    with _THREAD_LOCK:
        if path not in _LOADED:
            _LOADED[path] = _load_entry(model, path)
        return _LOADED[path]


def _load_entry(model: Model, path: Path) -> ModuleType:
    """Build the entry if needed, under the file lock, and import it."""
    started = time.perf_counter()
    with filelock.FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_S):
        outcome = _ensure_entry(model, path)
        try:
            module = _import_module(path)
        except Exception as error:
            if outcome != "hit":
                raise
            # A complete file (valid checksum) that fails to import is rebuilt
            # once; a second failure raises.
            logger.warning(
                "kernel cache entry %s failed to import (%s: %s); rebuilding it",
                path,
                type(error).__name__,
                error,
            )
            _build_entry(model, path)
            _STATISTICS.rebuilds += 1
            module = _import_module(path)

    logger.info(
        "kernel cache %s for model %s (%s) in %.3f s",
        outcome,
        model.name,
        path.name,
        time.perf_counter() - started,
    )
    return module


def _ensure_entry(model: Model, path: Path) -> str:
    """Make sure a valid entry exists and return "hit", "miss" or "rebuild"."""
    if not path.exists():
        _build_entry(model, path)
        _STATISTICS.misses += 1
        return "miss"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        text = None
        logger.warning("kernel cache entry %s is unreadable: %s", path, error)

    if text is not None and verify_checksum(text):
        _STATISTICS.hits += 1
        if not Path(importlib.util.cache_from_source(str(path))).is_file():
            _write_bytecode(path)
        return "hit"
    logger.warning("kernel cache entry %s is corrupted; rebuilding it", path)
    _build_entry(model, path)
    _STATISTICS.rebuilds += 1
    return "rebuild"


def _build_entry(model: Model, path: Path) -> None:
    started = time.perf_counter()
    write_atomically(path, render_module(model))
    _write_bytecode(path)
    logger.info(
        "generated kernels of model %s in %.3f s",
        model.name,
        time.perf_counter() - started,
    )


def _write_bytecode(path: Path) -> None:
    """Compile the entry to ``__pycache__``, even when ``PYTHONDONTWRITEBYTECODE``
    is set: compiling a module of thousands of lines takes a large part of a
    warm load. ``py_compile`` writes the file atomically."""
    try:
        py_compile.compile(str(path), doraise=True)
    except (OSError, py_compile.PyCompileError) as error:
        logger.warning("could not write the bytecode of %s: %s", path, error)


def _import_module(path: Path) -> ModuleType:
    name = f"rosetta_sym_kernels_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the kernel module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
