"""training"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("training", slices=(SLICE,))
