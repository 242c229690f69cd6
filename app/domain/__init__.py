"""Plain-Python domain model: no Qt, no SQL, no I/O."""
