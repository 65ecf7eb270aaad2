"""``train``: run an algorithm from a start point and decide, alone, when it stops and why.

The runner stops on the epoch budget, on the goal for F, on the gradient tolerance (either can be 0 to switch it
off), on non-finite values or on leaving the bound |x_i| ≤ ``bound`` (both: diverged), on a step that no longer
moves the parameters (stalled), and when the algorithm itself cannot go on (e.g. singular, or μ past μ max).
Every reason is data: ``status`` and a human ``message``, both settled after the run by ``outcome.describe``
(which also tells oscillation from a run that used its epochs, and a local minimum from the global one).
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from . import kernels
from .algorithms import ALGORITHMS, Algorithm, State
from .bugs import bug_words, planted
from .outcome import describe
from .params import finite_number
from .problem import Problem
from .trajectory import Trajectory

MAX_EPOCHS = 2_000_000
"""The most epochs one run may ask for (the explorer asks for at most 300,000)."""

BOUND = 1e4
"""Parameters beyond this magnitude count as diverged: every sigmoid is saturated long before."""


class CountingProblem:
    """A problem that counts how many times F, ∇F, J and H are evaluated."""

    def __init__(self, problem):
        self.problem = problem
        self.counts = Counter()
        self.size = problem.size
        self.samples = problem.samples

    def performance(self, z):
        self.counts["F"] += 1
        return self.problem.performance(z)

    def residuals(self, z):
        self.counts["F"] += 1
        return self.problem.residuals(z)

    def gradient(self, z):
        self.counts["gradient"] += 1
        return self.problem.gradient(z)

    def value_and_gradient(self, z):
        self.counts["F"] += 1
        self.counts["gradient"] += 1
        return self.problem.value_and_gradient(z)

    def sample_gradient(self, z, q):
        self.counts["sample gradient"] += 1
        return self.problem.sample_gradient(z, q)

    def jacobian(self, z):
        self.counts["jacobian"] += 1
        return self.problem.jacobian(z)

    def hessian(self, z):
        self.counts["hessian"] += 1
        return self.problem.hessian(z)

    def cost(self) -> float:
        """Evaluations so far, in passes over the training set (see ``evaluation_cost``)."""
        return evaluation_cost(self.counts, self.samples)


def evaluation_cost(counts, samples: int) -> float:
    """Evaluations of F, ∇F, J and H, each one pass over the training set; ``samples`` sample gradients are one.

    This is the clock of a fair race between algorithms: an iteration of Levenberg–Marquardt that evaluates
    F three times, J once and ∇F once costs five, an epoch of steepest descent two (F and ∇F at the new point).
    """
    whole = sum(n for kind, n in counts.items() if kind != "sample gradient")
    return float(whole + counts.get("sample gradient", 0) / samples)


def make_algorithm(algorithm: str, **hyper) -> Algorithm:
    """The registry's algorithm ``algorithm`` with hyperparameters checked."""
    try:
        cls = ALGORITHMS[algorithm]
    except (KeyError, TypeError):
        raise ValueError(f"unknown algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}") from None
    return cls.make(**hyper)


def train(
    algorithm: str,
    start,
    pair=("w1_11", "w2_11"),
    fixed=None,
    *,
    epochs: int = 1000,
    goal: float = 0.0,
    grad_tol: float = 1e-8,
    bound: float = BOUND,
    compiled: bool = True,
    problem=None,
    data=None,
    bug=None,
    **hyper,
) -> Trajectory:
    """Train the free parameters ``pair`` (two or more names, up to all seven) from ``start`` with ``algorithm``.

    ``fixed`` sets the other parameters (nominal by default) and ``data`` the training set (ch. 12's by default);
    ``problem`` replaces the network by another least-squares problem (see ``testproblems``). ``compiled=False``
    runs the plain numpy steps even where a compiled loop exists (the reference the tests compare against); a
    short run asked for while kernels are being prepared runs them too (``kernels.answers_now``), alike.
    ``bug`` names a planted bug (``surface.BUGS``): the run then follows the buggy gradient (F stays exact), on
    the numpy reference path whatever ``compiled`` says, and its record and message say so.
    """
    algo = make_algorithm(algorithm, **hyper)
    epochs = _whole(epochs, "epochs", 0, MAX_EPOCHS)
    goal = _nonnegative(goal, "goal")
    grad_tol = _nonnegative(grad_tol, "the |∇F| tolerance")
    bound = _nonnegative(bound, "the bound on |x|") or BOUND
    problem = network_problem(pair, fixed, data, problem, bug)
    x0 = np.array(start, dtype=float).reshape(-1)
    if x0.shape != (problem.size,):
        raise ValueError(f"start must have {problem.size} values, one per free parameter, got {x0.size}")
    if not np.all(np.isfinite(x0)):
        raise ValueError("start must be finite")
    clock = time.perf_counter()
    network = compiled_form(problem) if compiled and algo.compiled else None
    if network is not None and kernels.answers_now(algo.name, epochs, problem.size):
        network = None  # its kernel is being prepared: the numpy reference answers this short run as well, now
    if network is not None:
        kernels.ensure(algo.name)  # compiles its kernel on first use, or waits for the thread compiling it
        from .compiled import runs  # numba loads only when a compiled run is asked for

        run = runs.trajectory(algo, network, x0, epochs, goal, grad_tol, bound)
    else:
        run = _run_steps(algo, problem, x0, epochs, goal, grad_tol, bound)
    xs, fs, gns, evals, counts, status, detail, extras = run
    planted_bug = getattr(problem, "bug", None)
    truth = problem if planted_bug is None else problem.clean  # where a buggy run ended, judged by the true ∇F
    end_gn = None if planted_bug is None else float(np.linalg.norm(truth.gradient(xs[-1])))
    status, message = describe(
        algo,
        status,
        detail,
        truth,
        xs,
        fs,
        gns,
        goal=goal,
        grad_tol=grad_tol,
        bound=bound,
        epochs=epochs,
        end_gradient_norm=end_gn,
    )
    if planted_bug is not None:
        message = f"{bug_words(problem, xs[-1], float(gns[-1]))} {message}"
    return Trajectory(
        algorithm=algo.name,
        hyper=algo.hyper(),
        free=tuple(getattr(problem, "free", tuple(f"z{i}" for i in range(problem.size)))),
        base=tuple(float(v) for v in getattr(problem, "base", ())),
        xs=xs,
        F=fs,
        grad_norm=gns,
        evals=evals,
        evaluations=dict(counts),
        status=status,
        message=message,
        extras=extras,
        seconds=time.perf_counter() - clock,
        data=getattr(problem, "data", None),
        bug=None if planted_bug is None else planted_bug.name,
    )


def _reached(f: float, gn: float, goal: float, grad_tol: float) -> str | None:
    if goal > 0 and f <= goal:
        return "goal"
    if grad_tol > 0 and gn <= grad_tol:
        return "gradient"
    return None


def _finite(state: State) -> bool:
    return bool(np.isfinite(state.F) and np.all(np.isfinite(state.x)) and np.all(np.isfinite(state.g)))


def _run_steps(algo: Algorithm, problem, x0, epochs, goal, grad_tol, bound):
    """The generic loop: ``algo.step`` until a stop rule holds."""
    counted = CountingProblem(problem)
    state = algo.init(counted, x0)
    xs, fs, gns = [state.x], [state.F], [float(np.linalg.norm(state.g))]
    evals = [counted.cost()]
    traces = {name: [] for name in algo.TRACES}
    events = {name: [] for name in algo.EVENTS}
    status = _reached(fs[0], gns[0], goal, grad_tol)
    detail = ""
    k = 0
    while status is None and k < epochs:
        new = algo.step(counted, state)
        for name in algo.EVENTS:
            events[name] += [{"epoch": k, **event} for event in new.info.get(name, [])]
        if new.halt is not None:
            status, detail = new.halt
            break
        if not _finite(new):
            status, detail = "diverged", "non-finite"
            break
        if not new.rejected and np.array_equal(new.x, state.x):
            status = "stalled"
            break
        for name in algo.TRACES:
            traces[name].append(float(new.info.get(name, np.nan)))
        state = new
        k += 1
        xs.append(state.x)
        fs.append(state.F)
        gns.append(float(np.linalg.norm(state.g)))
        evals.append(counted.cost())
        if np.max(np.abs(state.x)) > bound:
            status, detail = "diverged", "bound"
            break
        status = _reached(fs[-1], gns[-1], goal, grad_tol)
    extras = {name: np.asarray(v) for name, v in traces.items()} | events
    return (
        np.array(xs),
        np.array(fs),
        np.array(gns),
        np.array(evals),
        counted.counts,
        status or "max_epochs",
        detail,
        extras,
    )


def network_problem(pair, fixed, data, problem, bug=None):
    """The problem a run trains on: the network's (``pair`` free, ``fixed``, on ``data``, with ``bug`` planted in
    its gradient if given) or ``problem``."""
    if problem is None:
        return Problem.make(pair, fixed, data) if bug is None else planted(bug, pair, fixed, data)
    if data is not None or bug is not None:
        raise ValueError("a problem of its own takes neither a training set (data) nor a planted bug")
    return problem


def compiled_form(problem):
    """The compiled form ``problem`` declares (``Problem.compiled()``), or None: it runs the numpy reference."""
    declare = getattr(problem, "compiled", None)
    return declare() if callable(declare) else None


def _whole(value, name: str, low: int, high: int) -> int:
    v = finite_number(value, name)
    if v != int(v):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= v <= high:
        raise ValueError(f"{name} must be between {low:,} and {high:,}, got {int(v):,}")
    return int(v)


def _nonnegative(value, name: str) -> float:
    v = finite_number(value, name)
    if v < 0:
        raise ValueError(f"{name} must be ≥ 0, got {value!r}")
    return v
