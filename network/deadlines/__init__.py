"""The dated steps of a newcomer's asylum procedure, and the CNDA appeal window they open."""
