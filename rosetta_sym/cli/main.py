"""Entry point of the ``rosetta`` command.

Each subcommand lives in its own module under :mod:`rosetta_sym.cli` and
exposes ``register(subparsers)``, which adds its parser and sets ``run``.
Exit status: 0 on success, 1 on failure, 2 on invalid usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from rosetta_sym import __version__
from rosetta_sym.cli.common import UsageError

__all__ = ["main", "build_parser"]

#: Subcommand modules, in the order ``rosetta --help`` lists them.
COMMAND_MODULES = [
    "rosetta_sym.cli.list_command",
    "rosetta_sym.cli.show_command",
    "rosetta_sym.cli.analyze_command",
    "rosetta_sym.cli.simulate_command",
    "rosetta_sym.cli.compile_command",
    "rosetta_sym.cli.sweep_command",
    "rosetta_sym.cli.derive_command",
    "rosetta_sym.cli.reduce_command",
    "rosetta_sym.cli.ladder_command",
]

logger = logging.getLogger("rosetta_sym")


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand registered."""
    parser = _Parser(
        prog="rosetta",
        description="Neural mass models as SymPy equations: analysis and fast kernels.",
    )
    parser.add_argument("--version", action="version", version=f"rosetta {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show log messages on stderr"
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``rosetta`` command; return the exit status."""
    from rosetta_sym.model import ModelError

    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 2
        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.WARNING,
            format="%(asctime)s %(name)s %(levelname)s: %(message)s",
        )
        return int(args.run(args) or 0)
    except BrokenPipeError:
        # The reader of stdout went away (for example `rosetta show X | head`).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (ModelError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
