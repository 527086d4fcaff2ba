"""The Django app that owns the models, the migrations and every query."""
