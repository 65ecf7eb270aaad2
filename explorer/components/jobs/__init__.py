"""The long jobs' panel, the same for every kind a component offers (where each start ends, random restarts, the
learning-rate map): its progress, Cancel, its place in the queue, why it cannot run, Retry after a lost job."""

from explorer.core.registry import Component, Place

from . import callbacks, layout

COMPONENT = Component("jobs", places=(Place("stores", 0, layout.stores),), register=callbacks.register)
