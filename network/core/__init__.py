"""What every feature shares: error types, the vocabulary of stored codes, who may see what.

The core imports no feature: features import it.
"""
