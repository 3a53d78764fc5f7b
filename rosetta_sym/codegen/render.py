"""Render the generated module of a model from the Jinja2 templates.

``templates/module.py.j2`` includes every ``templates/kernels/*.j2`` and then
every ``templates/steppers/*.j2``, each group in sorted file-name order, except
files whose names start with ``_`` (macros for other templates). The
first line of the result is a checksum of the rest, which the kernel cache
checks before it imports a module.
"""

from __future__ import annotations

import functools
import hashlib
import logging

import jinja2

from rosetta_sym.codegen.context import build_context
from rosetta_sym.codegen.locations import cache_directory, templates_directory
from rosetta_sym.model import Model

__all__ = [
    "CHECKSUM_PREFIX",
    "checksum_line",
    "environment",
    "render_module",
    "template_names",
    "verify_checksum",
]

#: Start of the first line of every generated module.
CHECKSUM_PREFIX = "# sha256 of the lines below: "

logger = logging.getLogger(__name__)


@functools.cache
def environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the code templates.

    Undefined names raise (``StrictUndefined``); ``trim_blocks`` and
    ``lstrip_blocks`` keep block tags out of the output, and nothing is
    escaped, because the output is Python source. Compiled templates are
    cached in the kernel cache directory. The filter ``py_tuple``
    prints a sequence as a Python tuple literal (``('x', 'y')``).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_directory())),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["py_tuple"] = _python_tuple
    return env


def _bytecode_cache() -> jinja2.FileSystemBytecodeCache | None:
    """Return a cache of compiled templates in ``jinja`` under the kernel cache.

    Compiling the templates takes a large part of building a module. Without a
    writable cache directory, templates are compiled in every process.
    """
    try:
        directory = cache_directory() / "jinja"
        directory.mkdir(exist_ok=True)
    except OSError as error:
        logger.warning("compiled templates are not cached: %s", error)
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


def _python_tuple(items) -> str:
    """Print a sequence of names or numbers as a Python tuple literal."""
    return repr(tuple(items))


def template_names(folder: str) -> list[str]:
    """Return the templates that ``module.py.j2`` includes from ``folder``.

    These are the ``.j2`` files directly in ``folder`` (e.g. ``"kernels"``), in
    sorted order. Names starting with ``_`` hold macros that other templates
    import, so they are left out.
    """
    names = environment().list_templates(extensions=["j2"])
    prefix = f"{folder}/"
    return sorted(
        n
        for n in names
        if n.startswith(prefix)
        and "/" not in n[len(prefix) :]
        and n[len(prefix)] != "_"
    )


def render_module(model: Model) -> str:
    """Render the generated module of ``model``.

    Parameters
    ----------
    model : Model
        The model; its parameter defaults and initial values do not enter the
        text.

    Returns
    -------
    str
        Python source: a checksum line, the header (model name, model hash,
        generator version, equations as comments), the helpers, the kernels
        and the steppers. The same model and generator version always give the
        same text.
    """
    context = build_context(model)
    context["kernel_templates"] = template_names("kernels")
    context["stepper_templates"] = template_names("steppers")
    body = environment().get_template("module.py.j2").render(context)
    return checksum_line(body) + body


def checksum_line(body: str) -> str:
    """Return the first line of a module whose remaining text is ``body``."""
    return CHECKSUM_PREFIX + hashlib.sha256(body.encode()).hexdigest() + "\n"


def verify_checksum(text: str) -> bool:
    """Tell whether ``text`` starts with the checksum line of the rest of it."""
    first, newline, body = text.partition("\n")
    if not newline or not first.startswith(CHECKSUM_PREFIX):
        return False
    return first + "\n" == checksum_line(body)
