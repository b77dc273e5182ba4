"""Clarification questions during a tender and the buyer's published or private answers."""
