"""Betal's terminal UI and the ``betal`` command line that starts it."""
