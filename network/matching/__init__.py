"""Help requests, volunteer offers and optimal matching."""
