"""Forms of the surveys, one module per subject."""
