"""Logging in and out, invitations, newcomer sign-up and the role rules."""
