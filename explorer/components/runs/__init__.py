"""runs"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("runs", slices=(SLICE,))
