"""data"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("data", slices=(SLICE,))
