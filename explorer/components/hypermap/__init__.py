"""hypermap"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("hypermap", slices=(SLICE,))
