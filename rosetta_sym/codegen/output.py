"""Write generated modules to a directory: ``rosetta compile`` and ``generated/``."""

from __future__ import annotations

import logging
from pathlib import Path

import rosetta_sym
from rosetta_sym import ladder
from rosetta_sym.codegen.cache import write_atomically
from rosetta_sym.codegen.render import render_module
from rosetta_sym.model import Model

__all__ = ["GENERATED_DIRECTORY", "regenerate", "write_module"]

logger = logging.getLogger(__name__)

#: ``generated/`` of a source checkout, next to the ``rosetta_sym`` package.
GENERATED_DIRECTORY = Path(rosetta_sym.__file__).resolve().parent.parent / "generated"


def write_module(model: Model, directory: str | Path) -> Path:
    """Write the generated module of ``model`` to ``directory/<name>.py``.

    Returns
    -------
    Path
        The written file. Writing is atomic, and the file is rewritten only when
        its content changes, so an unchanged module keeps its modification time.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{model.name}.py"
    text = render_module(model)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        logger.info("%s is up to date", path)
        return path
    write_atomically(path, text)
    logger.info("wrote %s", path)
    return path


def regenerate(directory: str | Path = GENERATED_DIRECTORY) -> list[Path]:
    """Write the module of every built-in rung to ``directory``."""
    return [write_module(ladder.get(name), directory) for name in ladder.names()]
