"""The 1-2-1 network of Hagan et al., *Neural Network Design*, ch. 12, and its exact derivatives.

The network maps a scalar input p through two log-sigmoid hidden neurons and one log-sigmoid output::

    n1_i = w1_i1 * p + b1_i,          a1_i = logsig(n1_i),   i = 1, 2
    n2   = w2_11 a1_1 + w2_12 a1_2 + b2,   a2 = logsig(n2)

The performance index is the sum of squared errors over the training pairs (ch. 12)::

    F(x) = sum_q e_q**2,   e_q = t_q - a2(p_q; x)

By default the pairs are the 41 of ch. 12 (``P``, ``T``); every function also takes ``data``, a
``TrainingSet`` (``surface.training_set``) with its own inputs, targets and output transfer function: the
log-sigmoid above, or the linear output a2 = n2 of ch. 11's network (a2' = 1, a2'' = 0 in every formula below).

Every function here takes parameter vectors ``x`` of shape ``(..., 7)`` in the order of ``PARAMS`` and broadcasts
over the leading axes, so a batch of thousands of points costs one call. Derivatives are analytic:
``jacobian`` is de/dx (the Jacobian of ch. 12's Levenberg-Marquardt section), ``gradient`` is ``2 J^T e`` and
``hessian`` is ``2 (J^T J + sum_q e_q d2e_q/dx2)``, the second term from differentiating backpropagation once more.

Where the forward pass is written, and why each copy is kept (each is held to this module, the reference, by a
parity test):

- here: ``_forward`` (every intermediate the derivatives need) and ``output`` (values only, for F and e): any
  batch of points ``(..., 7)`` by broadcasting;
- ``grid._sse_block``: F over a grid of two parameters, each hidden neuron on the smallest shape it depends on,
  written in place block by block so that the temporaries stay in cache: a grid's shape, at about three
  exponential passes per value (``tests/test_grid.py``, ``tests/test_data.py``);
- ``curvature``: the 2×2 Hessian over such a grid, the same scheme with the derivatives (``tests/test_curvature.py``,
  ``tests/test_data.py``);
- ``compiled.network``: one point at a time in compiled loops, specialised to the free parameters (a hidden
  neuron with none is tabulated once), with an exponential the compiler vectorises: the training loops' speed
  (``tests/test_compiled.py``, ``tests/test_data.py``, ``tests/test_forward.py``);
- ``compiled.steps._sample_steps``: incremental steepest descent's single-sample gradients with the seven
  parameters in registers between samples (its runs against the reference, ``tests/test_compiled.py``;
  ``tests/test_forward.py``).

``backprop`` has no forward pass of its own: it takes ``_forward``'s and writes only the backward recurrences,
with the places a pitfall can enter (``tests/test_gradcheck.py``).
"""

from __future__ import annotations

import numpy as np

PARAMS: tuple[str, ...] = ("w1_11", "w1_21", "b1_1", "b1_2", "w2_11", "w2_12", "b2")
"""The seven parameter names, in the order of the Jacobian's columns."""

LABELS: dict[str, str] = {
    "w1_11": "w¹₁,₁",
    "w1_21": "w¹₂,₁",
    "b1_1": "b¹₁",
    "b1_2": "b¹₂",
    "w2_11": "w²₁,₁",
    "w2_12": "w²₁,₂",
    "b2": "b²",
}
"""The book's notation for each parameter, for people to read."""

NOMINAL = np.array([10.0, 10.0, -5.0, 5.0, 1.0, 1.0, -1.0])
NOMINAL.flags.writeable = False
"""The parameters of the function the network is trained to reproduce: the global minimum, F = 0."""

P = np.arange(-20, 21) / 10.0
P.flags.writeable = False
"""The 41 training inputs -2.0, -1.9, ..., 2.0, each the correctly rounded k/10 (no accumulated 0.1 steps)."""

INDEX: dict[str, int] = {name: i for i, name in enumerate(PARAMS)}


def logsig_parts(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(a, z)`` with a = logsig(n) = 1 / (1 + exp(-n)) and z = exp(-|n|), safe for any finite n.

    ``z`` lies in (0, 1] so no exponential overflows; logsig'(n) = a(1 - a) = z / (1 + z)**2 is then exact
    even where ``1 - a`` would round to zero.
    """
    z = np.exp(-np.abs(n))
    inv = 1.0 / (1.0 + z)
    a = np.where(n >= 0, inv, z * inv)
    return a, z


def logsig(n: np.ndarray) -> np.ndarray:
    """The log-sigmoid transfer function a = 1 / (1 + exp(-n)), without overflow for any finite n."""
    return logsig_parts(n)[0]


def _logsig_derivatives(n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return a = logsig(n), its first derivative a(1 - a) and its second derivative a(1 - a)(1 - 2a)."""
    a, z = logsig_parts(n)
    d1 = z / (1.0 + z) ** 2
    return a, d1, d1 * (1.0 - 2.0 * a)


def _linear_derivatives(n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return a = purelin(n) = n, its first derivative 1 and its second derivative 0 (ch. 11's linear output)."""
    return n, np.ones_like(n), np.zeros_like(n)


def training_pairs(data) -> tuple[np.ndarray, np.ndarray, bool]:
    """(inputs, targets, whether the output is linear) of a training set; ch. 12's 41 pairs for None."""
    if data is None:
        return P, T, False
    if not all(hasattr(data, a) for a in ("P", "T", "linear")):
        raise ValueError(f"data must be a TrainingSet (see surface.training_set), got {type(data).__name__}")
    return data.P, data.T, data.linear


def _unpack(x: np.ndarray) -> list[np.ndarray]:
    """Split ``(..., 7)`` parameters into seven ``(..., 1)`` arrays that broadcast against the 41 inputs."""
    x = np.asarray(x, dtype=float)
    if x.shape[-1:] != (7,):
        raise ValueError(f"parameters must have a last axis of length 7, got shape {x.shape}")
    return [x[..., i, None] for i in range(7)]


@np.errstate(over="ignore")
def _forward(x: np.ndarray, p: np.ndarray = P, linear: bool = False):
    """The forward pass with every intermediate the derivatives need, each of shape ``(..., Q)``.

    A net input may overflow to +-inf only for parameters beyond 1e307; logsig then returns exactly 0 or 1
    with zero derivatives, which is the limit, so the overflow is not an error. ``linear``: the output is
    purelin (a2 = n2) instead of logsig.
    """
    w11, w21, b11, b12, v1, v2, b2 = _unpack(x)
    a11, d11, dd11 = _logsig_derivatives(w11 * p + b11)
    a12, d12, dd12 = _logsig_derivatives(w21 * p + b12)
    out = _linear_derivatives if linear else _logsig_derivatives
    a2, d2, dd2 = out(v1 * a11 + v2 * a12 + b2)
    return (w11, w21, b11, b12, v1, v2, b2), (a11, d11, dd11), (a12, d12, dd12), (a2, d2, dd2)


def targets() -> np.ndarray:
    """The 41 targets t_q: the nominal network's outputs at the training inputs."""
    return output(NOMINAL)


@np.errstate(over="ignore")
def output(x: np.ndarray, p: np.ndarray | None = None, data=None) -> np.ndarray:
    """The network's response a2(p) for parameters ``x`` (..., 7); ``p`` defaults to the training inputs of
    ``data`` (ch. 12's 41 by default), whose output transfer function it uses."""
    w11, w21, b11, b12, v1, v2, b2 = _unpack(x)
    inputs, linear = (P, False) if data is None else training_pairs(data)[::2]
    p = inputs if p is None else np.asarray(p, dtype=float)
    n2 = v1 * logsig(w11 * p + b11) + v2 * logsig(w21 * p + b12) + b2
    return n2 if linear else logsig(n2)


T = targets()
T.flags.writeable = False
"""The 41 training targets."""


def residuals(x: np.ndarray, data=None) -> np.ndarray:
    """The errors e = t - a, shape ``(..., Q)``."""
    if data is None:
        return T - output(x)
    return training_pairs(data)[1] - output(x, data=data)


def performance(x: np.ndarray, data=None) -> np.ndarray | float:
    """The performance index F(x) = sum_q (t_q - a_q)**2, shape ``x.shape[:-1]`` (a float for one point)."""
    e = residuals(x, data)
    f = np.einsum("...q,...q->...", e, e)
    return float(f) if f.ndim == 0 else f


def _net2_gradient(v1, v2, h1, h2, p=P):
    """dn2/dx, shape ``(..., Q, 7)``: backpropagation's sensitivities of the output net input (ch. 11)."""
    (a11, d11, _), (a12, d12, _) = h1, h2
    s11 = v1 * d11  # dn2/dn1_1
    s12 = v2 * d12  # dn2/dn1_2
    return np.stack([s11 * p, s12 * p, s11, s12, a11, a12, np.ones_like(a11)], axis=-1)


def _output_jacobian(v1, v2, h1, h2, o, p=P):
    """da2/dx = a2'(n2) dn2/dx, shape ``(..., Q, 7)``."""
    return o[1][..., None] * _net2_gradient(v1, v2, h1, h2, p)


def jacobian(x: np.ndarray, data=None) -> np.ndarray:
    """J = de/dx with e = t - a, shape ``(..., Q, 7)``, columns in ``PARAMS`` order."""
    p, _, linear = training_pairs(data)
    (_, _, _, _, v1, v2, _), h1, h2, o = _forward(x, p, linear)
    return -_output_jacobian(v1, v2, h1, h2, o, p)


def gradient(x: np.ndarray, data=None) -> np.ndarray:
    """The exact gradient of F: 2 J^T e, shape ``(..., 7)``."""
    p, t, linear = training_pairs(data)
    (_, _, _, _, v1, v2, _), h1, h2, o = _forward(x, p, linear)
    e = t - o[0]
    return -2.0 * np.einsum("...q,...qk->...k", e, _output_jacobian(v1, v2, h1, h2, o, p))


def value_and_gradient(x: np.ndarray, data=None) -> tuple[np.ndarray, np.ndarray]:
    """F and its gradient from one forward pass."""
    p, t, linear = training_pairs(data)
    (_, _, _, _, v1, v2, _), h1, h2, o = _forward(x, p, linear)
    e = t - o[0]
    f = np.einsum("...q,...q->...", e, e)
    return f, -2.0 * np.einsum("...q,...qk->...k", e, _output_jacobian(v1, v2, h1, h2, o, p))


def sample_gradient(x: np.ndarray, q: int, data=None) -> np.ndarray:
    """The gradient of one sample's squared error, d(t_q − a_q)²/dx = −2 e_q da_q/dx, shape ``(..., 7)``.

    This is what incremental (stochastic) steepest descent steps along (ch. 11).
    """
    inputs, targets, linear = training_pairs(data)
    p = inputs[q : q + 1]
    (_, _, _, _, v1, v2, _), h1, h2, o = _forward(x, p, linear)
    e = targets[q] - o[0]
    return -2.0 * (e[..., None] * _output_jacobian(v1, v2, h1, h2, o, p))[..., 0, :]


def hessian(x: np.ndarray, index=None, data=None) -> np.ndarray:
    """The exact Hessian of F, shape ``(..., k, k)`` for the parameters ``index`` (all seven by default).

    With e = t - a2 and g = da2/dx::

        H = 2 sum_q (g_q g_q^T - e_q d2a2_q/dx2),
        d2a2/dx2 = logsig''(n2) dn2 dn2^T + logsig'(n2) d2n2/dx2,

    where d2n2/dx2 couples each hidden neuron's input weight and bias with each other and with its output
    weight (the only non-zero second derivatives of n2). Only the entries asked for are computed. With a linear
    output a2' = 1 and a2'' = 0.
    """
    p, t, linear = training_pairs(data)
    (_, _, _, _, v1, v2, _), h1, h2, o = _forward(x, p, linear)
    a2, d2, dd2 = o
    e = t - a2
    dn2 = _net2_gradient(v1, v2, h1, h2, p)
    g = d2[..., None] * dn2
    e_dd2 = e * dd2
    e_d2 = e * d2
    idx = tuple(range(7)) if index is None else tuple(index)
    out = np.empty((*np.shape(e)[:-1], len(idx), len(idx)))
    for a, i in enumerate(idx):
        for b in range(a, len(idx)):
            j = idx[b]
            # (e dd2 dn2_i) dn2_j in this order: dd2 underflows to 0 exactly where dn2 is largest
            term = g[..., i] * g[..., j] - (e_dd2 * dn2[..., i]) * dn2[..., j]
            curv = _net2_curvature(i, j, (v1, v2), (h1, h2), p)
            if curv is not None:
                term = term - e_d2 * curv
            out[..., a, b] = out[..., b, a] = 2.0 * term.sum(axis=-1)
    return out


def _net2_curvature(i: int, j: int, weights, hidden, p=P):
    """d2n2/dx_i dx_j over the inputs ``p``, or None where it is zero.

    Only a hidden neuron's own input weight w, bias b and output weight v interact::

        d2n2/dw2 = v a1'' p^2,  d2n2/dw db = v a1'' p,  d2n2/db2 = v a1'',  d2n2/dw dv = a1' p,  d2n2/db dv = a1'
    """
    i, j = min(i, j), max(i, j)
    for n in (0, 1):
        w, b, out = n, 2 + n, 4 + n
        if {i, j} <= {w, b, out}:
            v = weights[n]
            _, d1, dd1 = hidden[n]
            if (i, j) == (w, w):
                return v * dd1 * p * p
            if (i, j) == (w, b):
                return v * dd1 * p
            if (i, j) == (b, b):
                return v * dd1
            if (i, j) == (w, out):
                return d1 * p
            if (i, j) == (b, out):
                return d1
            return None  # (out, out)
    return None
