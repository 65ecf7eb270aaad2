"""map"""

from explorer.core.registry import Component, Overlay

from .slice import SLICE

COMPONENT = Component("map", slices=(SLICE,), overlays=(Overlay("critical", " mark minima and saddle points"),))
