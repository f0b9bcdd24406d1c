"""The engine's actions: see :mod:`engine.actions.base` and :mod:`engine.actions.registry`."""
