from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "meetfirst.store"
    label = "store"
    verbose_name = "meetfirst store"
    default_auto_field = "django.db.models.BigAutoField"
