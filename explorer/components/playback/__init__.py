"""playback"""

from explorer.core.registry import Component

from .slice import SLICE

COMPONENT = Component("playback", slices=(SLICE,))
