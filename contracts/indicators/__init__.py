"""Contracts and mission indicators: readings attributed to the contracts that contributed,
and contract KPIs that feed an indicator. Here, not in commissioning, because contracts sit
above commissioning (docs/architecture.md)."""
