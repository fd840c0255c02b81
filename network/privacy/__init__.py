"""Data rights: a person's export, erasure on request, and retention of closed cases."""
