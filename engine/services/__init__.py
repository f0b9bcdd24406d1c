"""Service functions: each runs one operation of the engine inside a unit of work."""
