#!/usr/bin/env python3
"""Render a tmux `capture-pane -e` dump (ANSI colours) to PNG: rich draws it as SVG, rsvg-convert
rasterizes it. The SVG's font is set to DejaVu Sans Mono so box and CJK glyphs fall back cleanly."""
import argparse
import io
import re
import subprocess
import sys

from rich.console import Console
from rich.text import Text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--columns", type=int, required=True)
    parser.add_argument("--title", default="objection-desk")
    args = parser.parse_args()
    with open(args.source, encoding="utf-8", errors="replace") as handle:
        lines = handle.read().rstrip("\n").split("\n")
    console = Console(record=True, width=args.columns, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    for line in lines:
        console.print(Text.from_ansi(line), no_wrap=True, overflow="crop", crop=True)
    svg = console.export_svg(title=args.title)
    svg = re.sub(r"font-family:[^;\"]*", "font-family: 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', monospace", svg)
    result = subprocess.run(["rsvg-convert", "-f", "png", "-o", args.target], input=svg.encode("utf-8"))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
