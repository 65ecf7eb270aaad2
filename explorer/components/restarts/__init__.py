"""restarts"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("restarts", slices=(SLICE,))
