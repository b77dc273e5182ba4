"""Dialogue rounds in a competitive flexible procedure."""
