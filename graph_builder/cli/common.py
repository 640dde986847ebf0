"""What every command shares: the parent parsers and argument types."""

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from graph_builder.paths import DEFAULT_OUT_DIR

__all__ = ["Parents", "Subparsers", "parents", "positive_int"]

#: What ``add_subparsers`` returns, each command family adds its parsers to.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


@dataclass(frozen=True)
class Parents:
    """Parent parsers a command's parser takes its shared options from.

    Attributes:
        common: ``-v/--verbose`` and ``-q/--quiet``.
        read_build: ``--build``, the build folder a command reads.
        as_of: ``--build`` and ``--as-of``, for views of the network on a date.
    """

    common: argparse.ArgumentParser
    read_build: argparse.ArgumentParser
    as_of: argparse.ArgumentParser


def parents() -> Parents:
    """The shared parent parsers."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", help="show debug output on stderr"
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", help="show only errors on stderr"
    )
    read_build = argparse.ArgumentParser(add_help=False)
    read_build.add_argument(
        "--build",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="build folder to read (default: %(default)s)",
    )
    as_of = argparse.ArgumentParser(add_help=False, parents=[read_build])
    as_of.add_argument(
        "--as-of", default="today", help="the date (YYYY-MM-DD; default: today)"
    )
    return Parents(common, read_build, as_of)


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1.

    Examples:
        >>> positive_int("2")
        2
    """
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value
