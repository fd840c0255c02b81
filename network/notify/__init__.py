"""The in-app inbox and the email outbox."""
