"""Helpers shared by the test modules of several apps."""
