"""lessons"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("lessons", slices=(SLICE,))
