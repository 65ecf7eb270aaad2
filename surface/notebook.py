"""The engine's records as a notebook shows them: one short line for ``repr`` (rounded numbers, no arrays) and a
small HTML table for ``_repr_html_`` (what Jupyter draws for the last value of a cell).

    >>> number(0.0934221214), number(9341.0), number(float("nan")), point([-4.0, 10.000001])
    ('0.09342', '9,341', 'nan', '(-4, 10)')
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

import numpy as np


def number(value, digits: int = 4) -> str:
    """A number to ``digits`` significant digits; a whole number below 10⁹ in full, with thousands separators."""
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    if v == int(v) and abs(v) < 1e9:
        return f"{int(v):,}"
    return f"{v:.{digits}g}"


def point(values, digits: int = 4) -> str:
    """'(-4, 10)': the values to ``digits`` significant digits each."""
    return "(" + ", ".join(number(v, digits) for v in np.ravel(values)) + ")"


def settings(values: dict, digits: int = 4) -> str:
    """'alpha=0.5, gamma=0.8': hyperparameters, numbers rounded, arrays by their range."""
    parts = []
    for k, v in values.items():
        if isinstance(v, np.ndarray) and v.size > 1:
            parts.append(f"{k}={number(v.min(), digits)}…{number(v.max(), digits)}")
        elif isinstance(v, int | float | np.number) and not isinstance(v, bool):
            parts.append(f"{k}={number(v, digits)}")
        else:
            parts.append(f"{k}={v!r}")
    return ", ".join(parts)


def counts(values: Iterable) -> str:
    """'gradient 98, max_epochs 2': how often each value occurs, most frequent first."""
    found, times = np.unique(np.asarray(list(values)), return_counts=True)
    order = np.argsort(-times, kind="stable")
    return ", ".join(f"{found[i]} {number(times[i])}" for i in order)


def table(title: str, rows: Iterable[tuple[str, object]]) -> str:
    """A two-column HTML table under a bold ``title``: one row per (name, value), values as text, escaped."""
    body = "".join(f"<tr><th style='text-align:left'>{_text(k)}</th><td>{_text(v)}</td></tr>" for k, v in rows)
    return f"<table><caption style='text-align:left'><b>{_text(title)}</b></caption>{body}</table>"


def grid(title: str, header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """An HTML table with a ``header`` row and one row per entry of ``rows``, escaped."""
    head = "".join(f"<th>{_text(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_text(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><caption style='text-align:left'><b>{_text(title)}</b></caption><tr>{head}</tr>{body}</table>"


def _text(value) -> str:
    return html.escape(value if isinstance(value, str) else str(value))
