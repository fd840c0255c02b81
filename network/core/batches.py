"""Long lists cut into slices, so one statement or one transaction never grows with the network."""


def batches(rows, size):
    """Consecutive slices of `rows`, each at most `size` long."""
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
