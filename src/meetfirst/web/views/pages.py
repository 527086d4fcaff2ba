"""The board and the funnel."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from meetfirst.services import board as board_service
from meetfirst.services import funnel as funnel_service
from meetfirst.services.clock import now
from meetfirst.services.policy import load_policy
from meetfirst.web import charts
from meetfirst.web.http import HtmxRequest
from meetfirst.web.views import customers as customer_views

# An SVG shown as an image runs no script; matplotlib's SVG carries its own <style>, which this allows.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@require_GET
def board(request: HtmxRequest) -> HttpResponse:
    if customer_views.wants_agent_board(request):
        # Team mode: agents and viewers see their customers (web/views/customers.py).
        return customer_views.agent_board(request)
    data = board_service.board_for(now=now(), policy=load_policy())
    return render(request, "meetfirst/board.html", {"board": data, "nav": "board"})


@require_GET
def funnel(request: HtmxRequest) -> HttpResponse:
    data = funnel_service.funnel().as_dict()
    totals = {key: value for key, value in data.items() if key != "months"}
    return render(
        request, "meetfirst/funnel.html", {"totals": totals, "months": data["months"], "nav": "funnel"}
    )


@require_GET
def funnel_chart(request: HtmxRequest, which: str) -> HttpResponse:
    data = funnel_service.funnel().as_dict()
    svg = charts.trend_svg(data["months"]) if which == "trend" else charts.funnel_svg(data)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_POLICY
    return response
