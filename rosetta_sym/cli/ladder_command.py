"""``rosetta ladder``: the HTML and JSON report of every built-in rung."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from rosetta_sym import ladder
from rosetta_sym.cli.common import UsageError

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ladder",
        help="write an HTML + JSON report of every rung: equations, bifurcations, "
        "portraits, forced responses and a connectome run",
    )
    parser.add_argument(
        "--out",
        default="ladder-report",
        metavar="DIR",
        help="folder for index.html, ladder.json and the PNG figures "
        "(default: ./ladder-report)",
    )
    parser.add_argument(
        "--connectome",
        default="tvb:76",
        metavar="tvb:76|FILE",
        help="structural connectome of the network runs: a tvb:N shortcut or a "
        "TVB zip, .npy, .csv/.txt or .mat file (default: tvb:76)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="shorter simulations and coarser grids, for a report in under a "
        "minute once the kernels are compiled",
    )
    parser.add_argument(
        "--rungs",
        metavar="NAME,...",
        help="comma-separated rungs to include (default: all; see rosetta list)",
    )
    parser.add_argument(
        "--seed", type=int, default=42, help="base seed of the noisy network runs"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes that compile the rungs' kernels ahead of use "
        "(default: one per core; 0 compiles in the main process)",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="hide the progress bars"
    )
    parser.set_defaults(run=run)


def parse_rungs(text: str | None) -> tuple[str, ...]:
    """Parse the ``--rungs`` value into rung names, checking each one."""
    if text is None:
        return tuple(ladder.names())
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names:
        raise UsageError("--rungs: give at least one rung name, such as wilson_cowan")
    unknown = [name for name in names if name not in ladder.RUNGS]
    if unknown:
        raise UsageError(
            f"--rungs: unknown rung {unknown[0]!r}; built-in rungs are: "
            f"{', '.join(ladder.names())}"
        )
    return names


def check_connectome(spec: str) -> None:
    """Reject a ``--connectome`` value that is neither a shortcut nor a file."""
    if spec.startswith(("tvb:", "synthetic")):
        return
    if not Path(spec).is_file():
        raise UsageError(
            f"--connectome {spec!r}: file not found; give tvb:76, synthetic:76 or "
            "the path of a TVB zip, .npy, .csv/.txt or .mat file"
        )


def run(args) -> int:
    from rosetta_sym.report import ReportOptions, build_report

    rungs = parse_rungs(args.rungs)
    check_connectome(args.connectome)
    if args.jobs is not None and args.jobs < 0:
        raise UsageError(
            f"--jobs {args.jobs}: give 0 or more worker processes (0 compiles "
            "in the main process)"
        )
    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {args.out!r} is a file; give a folder name")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"--out {args.out!r}: cannot create the folder ({error.strerror}); give "
            "a folder you can write to"
        ) from None
    options = ReportOptions(
        out_dir=out_dir,
        connectome=args.connectome,
        quick=args.quick,
        rungs=rungs,
        progress=not args.no_progress,
        seed=args.seed,
        jobs=args.jobs,
    )
    report = build_report(options)
    print(f"wrote {out_dir / 'index.html'} and {out_dir / 'ladder.json'}")
    failures = report.failures
    for line in failures:
        print(f"error: {line}", file=sys.stderr)
    if failures:
        print(
            f"error: {len(failures)} section(s) failed; the report shows the others. "
            "Run `rosetta --verbose ladder ...` for the log.",
            file=sys.stderr,
        )
        return 1
    return 0
