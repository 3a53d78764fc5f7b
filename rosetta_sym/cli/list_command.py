"""``rosetta list``: one line per built-in rung, bottom of the ladder first."""

from __future__ import annotations

from rosetta_sym import ladder


def register(subparsers) -> None:
    parser = subparsers.add_parser("list", help="list the built-in rungs")
    parser.set_defaults(run=run)


def run(args) -> int:
    width = max(len(name) for name in ladder.names())
    print(f"{'rung':<{width}}  states  parameters  time  summary")
    for name, summary in ladder.RUNGS.items():
        model = ladder.get(name)
        print(
            f"{name:<{width}}  {model.n_states:>6}  {len(model.parameters):>10}  "
            f"{model.time_unit:<4}  {summary}"
        )
    return 0
