"""Passage on a phone: the web app manifest, the service worker, the offline page, quick exit."""
