"""The append-only audit trail and the organizers' view of it."""
