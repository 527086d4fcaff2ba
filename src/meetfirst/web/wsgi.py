"""The WSGI application, for `meetfirst serve` and for any WSGI server in team deployments."""

from __future__ import annotations

from django.core.handlers.wsgi import WSGIHandler

from meetfirst import bootstrap

bootstrap.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application: WSGIHandler = get_wsgi_application()
