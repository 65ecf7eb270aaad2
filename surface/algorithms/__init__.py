"""The training algorithms, one registry keyed by name (no if-chains)."""

from .base import Algorithm, Hyper, State
from .cg import BETA_RULES, ConjugateGradient
from .first_order import Adam, Incremental, Momentum, Nesterov, RMSprop, SteepestDescent, sample_order
from .second_order import BayesianRegularization, LevenbergMarquardt, Newton
from .vlbp import VariableLearningRate

ALGORITHMS: dict[str, type[Algorithm]] = {
    cls.name: cls
    for cls in (
        SteepestDescent,
        Incremental,
        Momentum,
        VariableLearningRate,
        ConjugateGradient,
        LevenbergMarquardt,
        Newton,
        Nesterov,
        RMSprop,
        Adam,
        BayesianRegularization,
    )
}

EPOCH_CAPS: dict[str, int] = {name: cls.EPOCH_CAP for name, cls in ALGORITHMS.items()}
"""The most epochs (iterations) the explorer asks of each algorithm: each answers in well under 0.3 s at its cap
(see benchmarks/README.md)."""

__all__ = ["ALGORITHMS", "BETA_RULES", "EPOCH_CAPS", "Algorithm", "Hyper", "State", "sample_order"]
