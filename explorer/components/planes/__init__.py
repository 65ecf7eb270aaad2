"""planes"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("planes", slices=(SLICE,))
