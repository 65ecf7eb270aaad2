"""One binary encoding for every array the browser receives: its dtype, its shape and base64 of its little-endian
bytes, in the keys plotly's own typed arrays use (``{"dtype": "f4", "shape": [n, k], "bdata": ...}``), so a path,
a keyframe map and a figure's z travel alike. The browser has one decoder for it (``lossExplorer.decode`` in
``assets/00-namespace.js``).

Pure: numpy and the standard library only.
"""

from __future__ import annotations

import base64

import numpy as np

DTYPES = {"f8": "<f8", "f4": "<f4", "i4": "<i4", "u1": "|u1"}
"""The dtypes sent, by the names plotly gives them, and their little-endian numpy types."""


def encode(values, dtype: str = "f8") -> dict:
    """``values`` as ``dtype`` (float64 by default: exact; float32 where seven digits are plenty)."""
    array = np.ascontiguousarray(values, dtype=DTYPES[dtype])
    return {
        "dtype": dtype,
        "shape": list(array.shape),
        "bdata": base64.b64encode(array.tobytes()).decode("ascii"),
    }


def decode(packed: dict) -> np.ndarray:
    """The array ``encode`` packed, in its shape (read-only: it is a view of the decoded bytes)."""
    if packed.get("dtype") not in DTYPES:
        raise ValueError(f"an encoded array's dtype is one of {', '.join(DTYPES)}, not {packed.get('dtype')!r}")
    values = np.frombuffer(base64.b64decode(packed["bdata"]), dtype=DTYPES[packed["dtype"]])
    return values.reshape(packed.get("shape") or values.shape)
