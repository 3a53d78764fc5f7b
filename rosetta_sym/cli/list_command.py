"""``rosetta list``: one line per built-in rung."""

from __future__ import annotations

from rosetta_sym import ladder


def register(subparsers) -> None:
    parser = subparsers.add_parser("list", help="list the built-in rungs")
    parser.set_defaults(run=run)


def run(args) -> int:
    width = max(len(name) for name in ladder.names())
    for name, summary in ladder.RUNGS.items():
        model = ladder.get(name)
        print(
            f"{name:<{width}}  {model.n_states} states, "
            f"{len(model.parameters):>2} parameters  {summary}"
        )
    return 0
