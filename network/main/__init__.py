"""Home pages per role, the language switcher and the health check."""
