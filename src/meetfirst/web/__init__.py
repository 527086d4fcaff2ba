"""The web face: Django views, urls and templates over the services."""
