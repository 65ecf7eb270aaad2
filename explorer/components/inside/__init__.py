"""inside"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("inside", slices=(SLICE,))
