"""Numbers and values as people and links read them: one place for every text the explorer writes of a value."""

from __future__ import annotations

from .limits import MAX_TEXT


def number_text(v) -> str:
    """The shortest text that reads back as the same float: -4.0 → '-4', 0.1 → '0.1', 1e10 → '1e10'.

    Whole numbers below ten million are written out (epochs=300000); past that, or for fractions, the shorter
    of Python's own repr and the shortest exact power-of-ten form.
    """
    v = float(v)
    if v == int(v) and abs(v) < 1e7:
        return str(int(v))
    candidates = [repr(v).replace("e+", "e")]
    for digits in range(17):
        text = f"{v:.{digits}e}".replace("e+", "e")
        if float(text) == v:
            mantissa, exponent = text.split("e")
            candidates.append(f"{mantissa}e{int(exponent)}")
            break
    return min(candidates, key=len)


def value_text(v) -> str:
    """A hyperparameter's value in a link: a choice as it is, a number as ``number_text`` writes it."""
    return v if isinstance(v, str) else number_text(v)


def display_number(v) -> str:
    """A number for people: up to 4 significant digits, with a true minus sign."""
    return f"{float(v):.4g}".replace("-", "−")


def display_value(v) -> str:
    return v if isinstance(v, str) else display_number(v)


def quote(value, limit: int = MAX_TEXT) -> str:
    """``value`` for a message, at most ``limit`` characters of it (then an ellipsis): text in quotes, anything
    else as Python writes it."""
    if isinstance(value, str):
        s = value.strip()
        return repr(s) if len(s) <= limit else repr(s[:limit]) + "…"
    s = repr(value)
    return s if len(s) <= limit else s[:limit] + "…"


def symbol(spec) -> str:
    """A hyperparameter's symbol from its label: 'α (learning rate)' → 'α'."""
    return spec.label.split(" (")[0]
