"""Newcomers: their profile, their help requests and who was matched with them."""
