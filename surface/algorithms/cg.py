"""Conjugate gradient backpropagation, CGBP, with the book's interval location and golden-section search (ch. 12)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain
from typing import ClassVar

import numpy as np

from .base import Algorithm, Compiled, Hyper, Inside, State, Trace

TAU = (np.sqrt(5.0) - 1.0) / 2.0  # 0.618..., the golden-section ratio
MAX_DOUBLINGS = 60
MAX_REDUCTIONS = 200


@dataclass(frozen=True, eq=False)
class CGState(State):
    p: np.ndarray | None = None  # the search direction
    k: int = 0  # iterations since the last restart


@dataclass(frozen=True)
class LineSearch:
    """The result of one line search along p from x: the step taken and everything it evaluated."""

    step: float
    F: float
    probes: list  # (a, F(x + a p)) in the order evaluated
    bracket: tuple[float, float]  # the interval located before the reduction
    interval: tuple[float, float]  # the final interval
    unbounded: bool  # F kept falling through every doubling


def locate_interval(f_along, eps: float, f0: float):
    """Interval location (ch. 12): evaluate F at 0, ε, 2ε, 4ε, … until it rises between two successive points.

    Returns the bracket [a_{j−2}, a_j] around the lowest point found, the probes, and whether F never rose.
    """
    points = [(0.0, f0)]
    a = eps
    for _ in range(MAX_DOUBLINGS):
        fa = f_along(a)
        points.append((a, fa))
        if not fa < points[-2][1]:  # F rose (or is not finite): the minimum is bracketed
            lo = points[-3][0] if len(points) >= 3 else 0.0
            return (lo, a), points[1:], False
        a *= 2.0
    return (points[-2][0], points[-1][0]), points[1:], True


def golden_section(f_along, a: float, b: float, tol: float, probes: list):
    """Golden-section reduction of [a, b] until it is shorter than ``tol`` (ch. 12); appends to ``probes``."""
    c = a + (1.0 - TAU) * (b - a)
    d = b - (1.0 - TAU) * (b - a)
    fc, fd = f_along(c), f_along(d)
    probes += [(c, fc), (d, fd)]
    for _ in range(MAX_REDUCTIONS):
        if b - a < tol:
            break
        if fc < fd:
            b, d, fd = d, c, fc
            c = a + (1.0 - TAU) * (b - a)
            fc = f_along(c)
            probes.append((c, fc))
        else:
            a, c, fc = c, d, fd
            d = b - (1.0 - TAU) * (b - a)
            fd = f_along(d)
            probes.append((d, fd))
    return a, b


def line_search(problem, x, p, f0: float, eps: float, tol: float) -> LineSearch:
    """Minimise F(x + a p) over a ≥ 0: interval location, golden section, then the best point in the interval."""

    def f_along(a: float) -> float:
        return float(problem.performance(x + a * p))

    bracket, probes, unbounded = locate_interval(f_along, eps, f0)
    lo, hi = bracket if unbounded else golden_section(f_along, *bracket, tol, probes)
    if unbounded:
        lo = hi = bracket[1]
    candidates = [(a, fa) for a, fa in [(0.0, f0), *probes] if lo <= a <= hi and np.isfinite(fa)]
    best = min(candidates, key=lambda af: af[1]) if candidates else (0.0, f0)
    if best[1] > f0:  # never accept a point worse than where the search began
        best = (0.0, f0)
    return LineSearch(best[0], best[1], probes, bracket, (lo, hi), unbounded)


BETA_RULES = ("fletcher-reeves", "polak-ribiere", "hestenes-stiefel")


def conjugate_beta(rule: str, g_new, g_old, p_old) -> float:
    """β_k for the next direction p_k = −g_k + β_k p_{k−1} (ch. 9)."""
    if rule == "fletcher-reeves":
        den = g_old @ g_old
        return float(g_new @ g_new / den) if den > 0 else 0.0
    dg = g_new - g_old
    if rule == "polak-ribiere":
        den = g_old @ g_old
        return float(dg @ g_new / den) if den > 0 else 0.0
    den = dg @ p_old  # hestenes-stiefel
    return float(dg @ g_new / den) if den != 0 else 0.0


def conjugate_inside(at) -> dict:
    """``direction`` (n, 2) the search direction p_k searched last, ``step`` (n,) a_k, ``beta`` (n,) β_{k+1} of the
    next direction (0 at a restart), ``restarted`` (n,) whether p_k is −∇F_k, ``line_search``: per iterate the
    list of searches, each with ``probes`` an (m, 2) array of (a, F) and ``points`` (m, 2) their places."""
    searches = at.events("line_search")
    probe_points([s for now in searches for s in now])
    n = len(at.index)
    direction, first = np.full((n, 2), np.nan), np.full((n, at.g.shape[1]), np.nan)
    previous = np.full_like(first, np.nan)
    for i, (now, before) in enumerate(zip(searches, at.last_event("line_search", shift=-1), strict=True)):
        if now:
            direction[i], first[i] = now[-1]["direction"][:2], now[0]["direction"]
        if before is not None:
            previous[i] = before["direction"]
    # p_k is −∇F_k at the start, after a search along the conjugate direction found nothing (a second search),
    # at a restart every n iterations (β_k = 0), and when −∇F_k + β_k p_{k−1} did not descend: then the first
    # search's direction is nearer −∇F_k than the conjugate one
    beta = at.trace("beta", shift=-1)
    count = np.array([len(now) for now in searches])
    conjugate = -at.g + beta[:, None] * previous
    nearer = np.linalg.norm(first + at.g, axis=1) < np.linalg.norm(first - conjugate, axis=1)
    restarted = (count > 0) & ((at.index == 0) | (count > 1) | (beta == 0.0) | np.isnan(beta) | nearer)
    return {
        "direction": direction,
        "step": at.trace("step"),
        "beta": at.trace("beta"),
        "restarted": restarted,
        "line_search": searches,
    }


def probe_points(searches: list[dict]) -> None:
    """Give each search its probes as an (m, 2) array [[a, F], …] and their ``points`` origin + a·direction
    (the first two coordinates), for every search at once: a long run's display copy has thousands."""
    if not searches:
        return
    counts = np.array([len(s["probes"]) for s in searches])
    flat = chain.from_iterable(chain.from_iterable(s["probes"] for s in searches))
    probes = np.fromiter(flat, dtype=float, count=2 * int(counts.sum())).reshape(-1, 2)
    origin = np.repeat(np.array([s["origin"][:2] for s in searches], dtype=float), counts, axis=0)
    direction = np.repeat(np.array([s["direction"][:2] for s in searches], dtype=float), counts, axis=0)
    points = origin + probes[:, :1] * direction
    ends = np.cumsum(counts).tolist()
    for s, start, end in zip(searches, [0, *ends[:-1]], ends, strict=True):
        s["probes"], s["points"] = probes[start:end], points[start:end]


@dataclass(frozen=True)
class ConjugateGradient(Algorithm):
    """Nonlinear conjugate gradient with the book's line search (ch. 9, 12)::

    p_0 = −g_0,   x_{k+1} = x_k + a_k p_k  (a_k from the line search),
    p_{k+1} = −g_{k+1} + β_{k+1} p_k,      β by Fletcher–Reeves, Polak–Ribière or Hestenes–Stiefel,

    restarting along −g every n iterations (n = number of free parameters) and whenever p is not a descent
    direction. Each iteration's probes (a, F) and bracket are in ``extras["line_search"]``.
    """

    name: ClassVar[str] = "cgbp"
    title: ClassVar[str] = "Conjugate gradient (CGBP)"
    chapter: ClassVar[str] = "ch. 9, 12"
    SPEC: ClassVar[dict] = {
        "eps": Hyper("ε (first step)", 1e-12, 1e3, "first step of the interval location", log=True),
        "tol": Hyper("tol (interval)", 1e-14, 1e2, "golden section stops below this interval width", log=True),
        "beta_rule": Hyper("β rule", 0, 0, "how β is computed", kind="choice", choices=BETA_RULES),
    }
    STATE: ClassVar[type] = CGState
    TRACES: ClassVar[tuple[str, ...]] = ("step", "beta")
    EVENTS: ClassVar[tuple[str, ...]] = ("line_search",)
    HALTS: ClassVar[tuple[str, ...]] = ("no_lower_point",)
    EQUATION: ClassVar[str] = (
        r"$$x_{k+1} = x_k + a_k p_k$$"
        "\n"
        r"$$p_{k+1} = -\nabla F(x_{k+1}) + \beta_{k+1} p_k$$"
        "\n\n"
        r"$a_k$ minimises $F(x_k + a\,p_k)$ (interval location, golden section); "
        r"$\beta^{FR}_{k+1} = \dfrac{g_{k+1}^T g_{k+1}}{g_k^T g_k}$, restart along $-g$ every $n$ steps."
    )
    DEFAULT_EPOCHS: ClassVar[int] = 200
    EPOCH_CAP: ClassVar[int] = 20_000
    TRACE: ClassVar = Trace("beta", "β", "conjugate gradient's β")
    INSIDE: ClassVar = Inside("line_search", conjugate_inside)
    STABILITY: ClassVar = None  # its step comes from a line search
    COMPILED: ClassVar = Compiled(
        "conjugate",
        lambda h: (h["eps"], h["tol"], BETA_RULES.index(h["beta_rule"])),
        init="init_conjugate",
        state=lambda c: {"k": int(c[0])},
        batch=4,
        seconds=2.8,
        reference=1.3e-3,
    )

    eps: float = 0.075
    tol: float = 1e-4
    beta_rule: str = "fletcher-reeves"

    def validate(self) -> None:
        if self.tol >= self.eps * 1e3:
            raise ValueError("tol must be much smaller than ε: the interval must be reducible")

    def initial(self, x, g) -> dict:
        return {"p": -g, "k": 0}

    def step(self, problem, state: CGState) -> CGState:
        p, restarted = state.p, False
        if not p @ state.g < 0:  # not a descent direction: restart along −g
            p, restarted = -state.g, True
        search = line_search(problem, state.x, p, state.F, self.eps, self.tol)
        events = [_event(state.x, p, search)]
        if search.step == 0.0 and not restarted:  # nothing lower along p: try −g before giving up
            p, restarted = -state.g, True
            search = line_search(problem, state.x, p, state.F, self.eps, self.tol)
            events.append(_event(state.x, p, search))
        info = {"step": search.step, "line_search": events}
        if search.step == 0.0:
            return replace(state, info={**info, "beta": 0.0}, halt=self.halt("no_lower_point", state))
        x = state.x + search.step * p
        f, g = problem.value_and_gradient(x)
        k = 1 if restarted else state.k + 1
        if k >= problem.size:  # every n iterations, restart along −g
            beta, k = 0.0, 0
        else:
            beta = conjugate_beta(self.beta_rule, g, state.g, p)
        info["beta"] = beta
        return replace(state, x=x, F=float(f), g=g, p=-g + beta * p, k=k, info=info, rejected=False, halt=None)

    def halt(self, reason: str, state: State) -> tuple[str, str]:
        return {
            "no_lower_point": (
                "stalled",
                "the line search found no lower point along −∇F: a minimum to within its tolerance",
            ),
        }[reason]


def _event(x, p, search: LineSearch) -> dict:
    """One line search as plain data for ``extras["line_search"]``."""
    return {
        "origin": x.tolist(),
        "direction": p.tolist(),
        "probes": [[a, fa] for a, fa in search.probes],
        "bracket": list(search.bracket),
        "interval": list(search.interval),
        "step": search.step,
        "unbounded": search.unbounded,
    }
