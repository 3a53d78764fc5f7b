"""The generator version stamped on every module.

The generator version is the package version plus a digest of every file that
shapes generated source: the templates and the printing modules of
:mod:`rosetta_sym.codegen`. Editing a template therefore changes the version,
which invalidates cached modules and shows up as a difference in ``generated/``.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import rosetta_sym
from rosetta_sym.codegen.locations import templates_directory

__all__ = ["generator_version"]

#: Modules of this package whose code decides the text of a generated module.
SOURCE_MODULES = ("context.py", "jit.py", "printer.py", "render.py", "rewrites.py")


@functools.cache
def generator_version() -> str:
    """Return ``<package version>+<digest>`` of the code generator.

    The 10-digit digest covers the templates (``**/*.j2``) and the modules in
    :data:`SOURCE_MODULES`, each read as bytes in sorted path order.
    """
    digest = hashlib.sha256()
    templates = templates_directory()
    for path in sorted(templates.rglob("*.j2")):
        digest.update(path.relative_to(templates).as_posix().encode())
        digest.update(path.read_bytes())
    here = Path(__file__).resolve().parent
    for name in SOURCE_MODULES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    return f"{rosetta_sym.__version__}+{digest.hexdigest()[:10]}"
