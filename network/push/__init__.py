"""Web Push: a person turns it on per device; what is pushed says only that something is waiting."""
