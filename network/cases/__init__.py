"""Organizers' casework: problems, unanswered calls, unreachable newcomers, erasure requests."""
