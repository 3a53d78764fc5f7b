"""Regenerate the committed modules of the built-in rungs in ``generated/``.

Run ``python -m rosetta_sym.codegen.regenerate`` in a source checkout after
changing a template, the printer or a rung; ``tests/test_codegen_generated.py``
fails until the files match the current generator.
"""

from __future__ import annotations

import argparse
import logging

from rosetta_sym.codegen.output import GENERATED_DIRECTORY, regenerate


def main(argv: list[str] | None = None) -> None:
    """Write the module of every built-in rung (to ``generated/`` by default)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument(
        "directory",
        nargs="?",
        default=str(GENERATED_DIRECTORY),
        help="directory to write the modules to (default: generated/)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    regenerate(args.directory)


if __name__ == "__main__":
    main()
