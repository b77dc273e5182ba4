"""Market engagement before a tender: brief, questions, event, responses and insights."""
