"""French communes: the official list shipped with the app, searched in Latin and Cyrillic."""
