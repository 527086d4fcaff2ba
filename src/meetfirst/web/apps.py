from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "meetfirst.web"
    label = "web"
    verbose_name = "meetfirst web"
