"""Taking part in a tender: joining, the private message thread, withdrawal and the
market-shaping insight that withdrawals feed."""
