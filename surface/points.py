"""Reading a person's own training points from text: pasted lines or an uploaded CSV file.

One (p, t) pair per line, the two numbers separated by a comma, a semicolon, a tab or spaces. Blank lines and
lines starting with ``#`` are skipped; the first line may be a header of two words (``p,t``, ``input;target``).
Every problem is reported as a ValueError that names the line (counting from 1) and what is wrong with it, e.g.
``line 3: 'abc' is not a number``. At most ``MAX_POINTS`` pairs (a training set's limits, which
``training_set`` takes from here).
"""

from __future__ import annotations

import math
import re

MAX_POINTS = 200
"""The most (p, t) pairs a training set may hold."""

MIN_POINTS = 2
"""The fewest (p, t) pairs a training set may hold."""

MAX_CHARACTERS = 20_000
"""The longest text accepted (200 lines of two long numbers fit many times over)."""

_SEPARATORS = re.compile(r"[;,\t ]+")


def parse_points(text: str) -> list[tuple[float, float]]:
    """The (p, t) pairs in ``text``, in order; a ValueError naming the line and the problem otherwise."""
    if not isinstance(text, str):
        raise ValueError("points must be given as text")
    if len(text) > MAX_CHARACTERS:
        raise ValueError(f"the text is too long: {len(text):,} characters, at most {MAX_CHARACTERS:,}")
    pairs: list[tuple[float, float]] = []
    header_allowed = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")  # a byte-order mark from a spreadsheet's CSV
        if not line or line.startswith("#"):
            continue
        fields = _split(line)
        if header_allowed and len(fields) == 2 and not any(_is_number(f) for f in fields):
            header_allowed = False
            continue  # a header such as "p,t"
        header_allowed = False
        if len(fields) != 2:
            raise ValueError(f"line {number}: expected two numbers (p, t), got {len(fields)} value(s): {line!r}")
        pairs.append((_number(fields[0], number, "p"), _number(fields[1], number, "t")))
        if len(pairs) > MAX_POINTS:
            raise ValueError(f"line {number}: more than {MAX_POINTS} points; at most {MAX_POINTS} are allowed")
    if len(pairs) < MIN_POINTS:
        found = "no points" if not pairs else "only 1 point"
        raise ValueError(f"{found} found: give at least {MIN_POINTS} lines of two numbers, p and t")
    return pairs


def _split(line: str) -> list[str]:
    """The fields of a line: split on ';' when it has one (so '1,5' reads as one field there), else on ',', tab
    and spaces."""
    if ";" in line:
        return [f.strip() for f in line.split(";") if f.strip()]
    return [f for f in _SEPARATORS.split(line) if f]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(text: str, line: int, which: str) -> float:
    try:
        value = float(text)
    except ValueError:
        hint = " (use a point for decimals)" if re.fullmatch(r"[+-]?\d+,\d+", text) else ""
        raise ValueError(f"line {line}: {which} = {text!r} is not a number{hint}") from None
    if not math.isfinite(value):
        raise ValueError(f"line {line}: {which} = {text!r} is not a finite number")
    return value
