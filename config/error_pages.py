"""The server error page, and its one exception: a database that cannot be reached.

While PostgreSQL restarts (or is briefly out of reach) a request fails with a database
error. That is not a fault in Kindred but a short outage: the person gets the GOV.UK
"service unavailable" page with status 503 and a Retry-After header, so that they (and
a load balancer) know to try again, instead of the "problem with the service" page.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

# Connection refused or lost, server shutting down, a connection already closed.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500, called while the exception is being handled."""
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_UNAVAILABLE):
        return defaults.server_error(request)
    logger.warning("Database unavailable for %s: %s", request.path, error)
    # Rendered with no request context, like 500.html: the user and the session are in
    # the database that is not answering.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
