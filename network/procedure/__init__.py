"""The asylum procedure in France, step by step, and the deadlines its dates set."""
