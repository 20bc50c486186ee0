"""Where the time goes in py-spy's collapsed stacks (`py-spy record --format raw`).

    .venv/bin/python bench/profile_summary.py FILE [FILE ...] [--top 30]

Prints two tables over all the files' samples: the share of samples whose innermost frame is in
each library (or portal module, or standard-library module): where the CPU is actually spent;
and the functions on the most stacks (inclusive: a function counts once per stack), which is
what a caller costs with everything it calls.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def package(file: str) -> str:
    """`flask_jwt_extended`, `portal/posts`, `stdlib:logging`, ... for a frame's file."""
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/portal/" in file or file.startswith("portal/"):
        parts = ("portal/" + file.split("portal/", 1)[1]).split("/")
        return "/".join(parts[:2]).removesuffix(".py")
    if "/python3" in file and "/lib/" in file:
        tail = file.split("/lib/", 1)[1].split("/", 1)
        return "stdlib:" + (tail[1].split("/", 1)[0].removesuffix(".py") if len(tail) > 1 else tail[0])
    return file or "?"


def frames(stack: str) -> list[tuple[str, str]]:
    out = []
    for frame in stack.split(";"):
        match = _FRAME.match(frame)
        out.append((match["function"], match["file"]) if match else (frame, ""))
    return out


def summarise(paths: list[Path], top: int = 30) -> str:
    leaf, inclusive, total = Counter(), Counter(), 0
    for path in paths:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            samples = int(count)
            total += samples
            stack_frames = frames(stack)
            if stack_frames:
                leaf[package(stack_frames[-1][1])] += samples
            for function, file in set(stack_frames):
                inclusive[f"{function} ({package(file)})"] += samples
    if not total:
        return "(no samples)"
    lines = [f"{total} samples", "", "| where the innermost frame is | share |", "|---|---|"]
    lines += [f"| {name} | {count / total:.1%} |" for name, count in leaf.most_common(top)]
    lines += ["", "| function (library) on the stack | share |", "|---|---|"]
    lines += [f"| {name} | {count / total:.1%} |" for name, count in inclusive.most_common(top * 2)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    print(summarise(args.files, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
