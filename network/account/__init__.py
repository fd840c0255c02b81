"""A person's own settings: language and password."""
