"""The committed modules in generated/ match the current generator.

Regenerate them with ``python -m rosetta_sym.codegen.regenerate`` after changing a
template, the printer or a rung.
"""

from __future__ import annotations

import pytest

from rosetta_sym import ladder
from rosetta_sym.codegen import render_module
from rosetta_sym.codegen.output import GENERATED_DIRECTORY


@pytest.mark.parametrize("name", ladder.names())
def test_generated_module_up_to_date(name):
    path = GENERATED_DIRECTORY / f"{name}.py"
    assert path.is_file(), (
        f"{path} is missing; run python -m rosetta_sym.codegen.regenerate"
    )
    expected = render_module(ladder.get(name))
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path} differs from the current generator; run "
        "python -m rosetta_sym.codegen.regenerate"
    )


def test_no_stale_generated_modules():
    modules = {p.stem for p in GENERATED_DIRECTORY.glob("*.py")}
    stale = sorted(modules - set(ladder.names()))
    assert not stale, f"generated/ has modules of no built-in rung: {stale}"
