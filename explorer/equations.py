"""Each algorithm's update equations as LaTeX, for ``dcc.Markdown(mathjax=True)``: declared by the algorithm's
class (``EQUATION``, the same equations its docstring states in text)."""

from __future__ import annotations

import surface

EQUATIONS: dict[str, str] = {name: cls.EQUATION for name, cls in surface.ALGORITHMS.items()}
