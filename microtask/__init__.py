"""Microtask Generator: turn a list of Wikipedia articles into small editing tasks."""

__version__ = "0.1.0"
