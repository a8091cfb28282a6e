"""Command line: ``python -m labkit doctor``."""
from __future__ import annotations

import sys

from labkit.doctor import run_doctor

USAGE = "usage: python -m labkit doctor    (checks that this machine is ready for the workbook)"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["doctor"]:
        return run_doctor()
    print(USAGE)
    return 0 if args[:1] in ([], ["-h"], ["--help"]) else 2


if __name__ == "__main__":
    sys.exit(main())
