"""The wheel ships every package and the templates as ``rosetta_sym.templates``."""

from __future__ import annotations

import fnmatch
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

import rosetta_sym
from rosetta_sym.codegen.locations import templates_directory
from rosetta_sym.codegen.version import generator_version

ROOT = Path(rosetta_sym.__file__).resolve().parent.parent


def setuptools_table() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as stream:
        return tomllib.load(stream)["tool"]["setuptools"]


def test_every_package_listed():
    listed = set(setuptools_table()["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "rosetta_sym").rglob("__init__.py")
    }
    missing = sorted(found - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    assert "rosetta_sym.templates" in listed


def test_templates_mapped_and_matched():
    table = setuptools_table()
    assert table["package-dir"]["rosetta_sym.templates"] == "templates"
    patterns = table["package-data"]["rosetta_sym.templates"]
    templates = ROOT / "templates"
    for path in templates.rglob("*.j2"):
        relative = path.relative_to(templates).as_posix()
        matched = any(
            fnmatch.fnmatch(relative, p) and relative.count("/") == p.count("/")
            for p in patterns
        )
        assert matched, f"{relative} matches no package-data pattern {patterns}"


def test_templates_found_in_checkout():
    assert (templates_directory() / "module.py.j2").is_file()
    assert generator_version().startswith(rosetta_sym.__version__ + "+")
