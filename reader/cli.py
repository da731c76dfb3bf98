"""Command line: `reader [LOCATION]` opens the app; sub-commands serve scripts (DESIGN.md).

Heavy modules (textual, sumy, lxml) are imported only by the command that needs them, so
`reader --version` and batch runs start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader import __version__

SUBCOMMANDS = ("extract", "summary", "notes", "import", "save", "fetch", "library",
               "config")
# Each module has `add_parser(sub)`; imported only when a sub-command is given.
_MODULES = {"notes": "notes", "import": "import_", "save": "save", "fetch": "fetch",
            "library": "library", "config": "config"}


def _add_summary_length(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-n", "--sentences", type=int, metavar="N", dest="count",
                       help="number of summary sentences (default adapts to the article's length)")
    group.add_argument("--ratio", type=float, metavar="R",
                       help="summary length as a fraction of the article's sentences (0 < R <= 1)")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The sub-command parser (the app's own `reader [LOCATION]` form is handled in `main`);
    `only` registers just that sub-command's module (the one being run), so a command never
    pays for importing the others."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read the web from a shell. `reader [LOCATION]` opens the app "
                    "(a URL, a file, or - for stdin; no LOCATION opens the library).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ext = sub.add_parser("extract", help="extract the article of each location")
    ext.add_argument("--json", action="store_true", help="one JSON object per line (JSON Lines)")
    ext.add_argument("--candidates", action="store_true",
                     help="with --json: add the candidate shown and every candidate's name, label and confidence")
    ext.add_argument("locations", nargs="+", metavar="LOCATION")

    summ = sub.add_parser("summary", help="summarize the article of each location")
    summ.add_argument("--json", action="store_true", help="one JSON object per line (JSON Lines)")
    _add_summary_length(summ)
    summ.add_argument("--algorithm", "-a", default=None, metavar="NAME",
                      help="summary algorithm (see `reader summary --list`)")
    summ.add_argument("--plain-text", action="store_true",
                      help="input is already clean article text; skip boilerplate removal")
    summ.add_argument("--list", action="store_true", help="list the algorithms and exit")
    summ.add_argument("locations", nargs="*", metavar="LOCATION")

    import importlib
    for command, name in _MODULES.items():
        if only is None or only == command:
            importlib.import_module(f"reader.commands.{name}").add_parser(sub)
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        usage="reader [-h] [--version] [LOCATION] | reader {" + ",".join(SUBCOMMANDS) + "} ...",
        description="Open LOCATION (URL, file, or - for stdin) in the reader app; without it, "
                    "open the library. Sub-commands: " + ", ".join(SUBCOMMANDS)
                    + " (`reader COMMAND -h`).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("location", nargs="?", metavar="LOCATION")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run reader; every failure is one line on stderr and an exit status, never a traceback
    (Ctrl+C: 130; a reader of our output that went away, `| head`: quietly, 141)."""
    from reader.app import output
    output.protect_standard_streams()
    try:
        status = _run(argv)
        output.stdout().flush()
        return status
    except KeyboardInterrupt:
        _say("interrupted.")
        return 130
    except BrokenPipeError:
        output.silence_stdout()
        return 141
    except output.OutputFailed as exc:
        _say(str(exc))
        return 1


def _say(message: str) -> None:
    try:
        sys.stderr.write(f"reader: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _run(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        args = build_parser(args_list[0]).parse_args(args_list)
        if args.command in ("extract", "summary"):
            from reader.commands import batch
            return batch.run(args)
        return args.handler(args)
    args = build_app_parser().parse_args(args_list)
    from reader.commands import app as app_command
    return app_command.run(args.location)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
