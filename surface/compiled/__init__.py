"""The compiled engine: every training algorithm's kernel and the network it trains, compiled by numba.

Nothing here is imported by ``import surface``: numba loads (and compiles, or reads its on-disk cache) only when a
compiled run is first asked for, each kernel on its first use (``surface.kernels``), or when ``surface.warm_up()``
prepares them all. The modules, bottom up:

- ``network``: F, ∇F, the errors and their Jacobian, and the exact Hessian of the 1-2-1 network, specialised to
  the free parameters (a hidden neuron that depends on no free parameter is computed once per run), one point at
  a time for the loops and many points at once for the stationary-point search;
- ``linalg``: the small dense solves and eigenvalues the second-order methods need (k ≤ 7 unknowns);
- ``steps``: one step of every algorithm, the same equations as the numpy reference in ``surface.algorithms``,
  all of one signature;
- ``driver``: the loop with the runner's stop rules, run from many starts at once (one start is the n = 1 case),
  compiled once and given each algorithm's step as a first-class function: that algorithm's kernel;
- ``runs``: the Python side: packs hyperparameters, runs an algorithm's kernel on every core, unpacks the records;
- ``many``: the many-point kernel from Python (F, ∇F and H at many points, for the stationary-point search).
"""
