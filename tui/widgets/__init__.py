"""Betal's widgets, one per module."""
