"""Backpropagation written out as its recurrences, with the places a pitfall can enter as arguments.

For the 1-2-1 network (ch. 11, 12) at one input p with target t::

    forward:    n¹ = w¹p + b¹,  a¹ = logsig(n¹);   n² = W²a¹ + b²,  a² = f²(n²)
    output:     s² = −2 Ḟ²(n²) (t − a²)            (the sensitivity ∂(t − a²)²/∂n²)
    hidden:     s¹ = Ḟ¹(n¹) (W²)ᵀ s²,  Ḟ¹(n¹) = diag(a¹ ∘ (1 − a¹))
    gradient:   ∂/∂W² = s² (a¹)ᵀ,  ∂/∂b² = s²,  ∂/∂w¹ = s¹ p,  ∂/∂b¹ = s¹

summed over the Q inputs for ∇F of F = Σ (t − a²)². With Ḟ²(n²) = a²(1 − a²) for a log-sigmoid output and 1
for a linear one. Marquardt's sensitivities for the Jacobian of e = t − a² (ch. 12) run the same recurrence from
s̃² = −Ḟ²(n²): J's row q is [s̃¹p, s̃¹, s̃²(a¹)ᵀ, s̃²] in ``PARAMS`` order.

``Variant`` names each place the computation may go wrong; its defaults are the correct computation, which
equals ``network.gradient`` and ``network.jacobian`` to rounding. ``surface.bugs`` builds the planted bugs from
it. This is the numpy reference only: nothing here is compiled, so a run with a variant runs the reference path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import _forward, training_pairs

HIDDEN_DERIVATIVES = ("output", "net_input")
OUTPUT_DERIVATIVES = ("own", "other")
BIAS_INPUTS = ("one", "previous")
LOSSES = ("sum", "half", "mean")


@dataclass(frozen=True)
class Variant:
    """How backpropagation computes each quantity; every default is the correct computation.

    - ``hidden_derivative``: Ḟ¹ as a¹(1 − a¹) from the hidden output (``"output"``), or the same formula
      applied to the net input, n¹(1 − n¹) (``"net_input"``);
    - ``output_derivative``: Ḟ² of the output's own transfer function (``"own"``), or of another (``"other"``:
      tansig's 1 − (a²)² for a log-sigmoid output, logsig's a²(1 − a²) for a linear one);
    - ``bias_input``: a hidden bias's gradient s¹·1 (``"one"``), or s¹p like its weight's (``"previous"``);
    - ``sign``: +1 for s² = −2Ḟ²(t − a²), −1 for the flipped s² = +2Ḟ²(t − a²);
    - ``loss``: the derivative of F = Σe² (``"sum"``, factor 2), of ½Σe² (``"half"``, the factor 2 missing) or of
      the mean (1/Q)Σe² (``"mean"``).
    """

    hidden_derivative: str = "output"
    output_derivative: str = "own"
    bias_input: str = "one"
    sign: float = 1.0
    loss: str = "sum"

    def __post_init__(self):
        for name, allowed in (
            ("hidden_derivative", HIDDEN_DERIVATIVES),
            ("output_derivative", OUTPUT_DERIVATIVES),
            ("bias_input", BIAS_INPUTS),
            ("loss", LOSSES),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}")
        if self.sign not in (1.0, -1.0):
            raise ValueError("sign must be +1 or −1")

    @property
    def touches(self) -> tuple[int, ...]:
        """The gradient components (``PARAMS`` columns) this variant changes, from where each quantity enters
        the recurrences: Ḟ¹ only s¹ (the hidden weights and biases, columns 0–3), the bias input only ∂/∂b¹
        (2, 3), and Ḟ², the sign and the loss's factor s², which every component carries."""
        touched = set()
        if self.hidden_derivative != "output":
            touched |= {0, 1, 2, 3}
        if self.bias_input != "one":
            touched |= {2, 3}
        if self.output_derivative != "own" or self.sign != 1.0 or self.loss != "sum":
            touched |= set(range(7))
        return tuple(sorted(touched))

    @property
    def touches_jacobian(self) -> bool:
        """Whether the Jacobian of e changes too: every place but the loss's factor (J is of e, not of F)."""
        return (
            self.hidden_derivative != "output"
            or self.output_derivative != "own"
            or self.bias_input != "one"
            or (self.sign != 1.0)
        )


CORRECT = Variant()


@np.errstate(over="ignore")
def sensitivities(x, data=None, variant: Variant = CORRECT, q=None):
    """(e, D): the errors e = t − a² (..., Q) and the rows D (..., Q, 7) that backpropagation computes for
    ∂a²_q/∂x, each as ``variant`` computes it (exact for the correct variant). ``q`` picks one sample."""
    p, t, linear = training_pairs(data)
    if q is not None:
        p, t = p[q : q + 1], t[q : q + 1]
    # the forward pass is the network's own (``network._forward``): what backpropagation may get wrong is below
    (w11, w21, b11, b12, v1, v2, _), (a11, d11, _), (a12, d12, _), (a2, own, _) = _forward(x, p, linear)
    # the other output's derivative: logsig's a(1 − a) of a linear output a = n2, or tansig's 1 − a² of a logsig one
    other = a2 * (1.0 - a2) if linear else 1.0 - a2 * a2
    d2 = own if variant.output_derivative == "own" else other
    if variant.hidden_derivative == "net_input":
        n11, n12 = w11 * p + b11, w21 * p + b12
        d11, d12 = n11 * (1.0 - n11), n12 * (1.0 - n12)
    bias = np.ones_like(a11) if variant.bias_input == "one" else np.broadcast_to(p, a11.shape)
    s1, s2 = v1 * d11, v2 * d12  # ∂n²/∂n¹ as computed
    rows = np.stack([s1 * p, s2 * p, s1 * bias, s2 * bias, a11, a12, np.ones_like(a11)], axis=-1)
    return t - a2, d2[..., None] * rows


def gradient(x, data=None, variant: Variant = CORRECT) -> np.ndarray:
    """∇F as backpropagation with ``variant`` computes it: sign · c · Σ_q e_q D_q, c = −2 for the sum of squares,
    −1 with the factor 2 missing, −2/Q for the mean (shape (..., 7))."""
    e, rows = sensitivities(x, data, variant)
    return _factor(variant, e.shape[-1]) * np.einsum("...q,...qk->...k", e, rows)


def sample_gradient(x, q: int, data=None, variant: Variant = CORRECT) -> np.ndarray:
    """The gradient of sample q's squared error as ``variant`` computes it (a batch of one: the mean of one
    sample is that sample)."""
    e, rows = sensitivities(x, data, variant, q)
    return _factor(variant, 1) * (e[..., None] * rows)[..., 0, :]


def jacobian(x, data=None, variant: Variant = CORRECT) -> np.ndarray:
    """J = ∂e/∂x (..., Q, 7) from Marquardt's sensitivities s̃² = −Ḟ²(n²) as ``variant`` computes them (the loss's
    factor has no part in it; a flipped sign flips s̃²)."""
    _, rows = sensitivities(x, data, variant)
    return -variant.sign * rows


def _factor(variant: Variant, samples: int) -> float:
    scale = {"sum": 2.0, "half": 1.0, "mean": 2.0 / samples}[variant.loss]
    return -variant.sign * scale
