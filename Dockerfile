# syntax=docker/dockerfile:1
# Kindred: one image for the web server, the Celery worker, beat and migrations.

# --- GOV.UK Frontend from npm (only its built dist/ folder reaches the final image) ------
FROM node:22-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- Python packages, installed into a virtualenv that is copied across whole ----------
FROM python:3.12-slim AS python-deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml README.md ./
COPY config ./config
COPY accounts ./accounts
COPY commissioning ./commissioning
COPY procurement ./procurement
COPY dialogue ./dialogue
COPY social_value ./social_value
COPY contracts ./contracts
COPY reports ./reports
COPY learning ./learning
COPY open_data ./open_data
COPY api ./api
COPY home ./home
COPY core ./core
# No dev extra: test and lint tools stay out of the production image.
RUN /opt/venv/bin/pip install .

# --- Runtime ---------------------------------------------------------------------------
FROM python:3.12-slim AS runtime
# PYTHONPATH=/app: the source tree in /app (with its templates, static files and
# GOV.UK Frontend beside it) wins over the copy pip put in site-packages, so that
# settings.BASE_DIR is /app.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    MEDIA_ROOT=/app/var/media

# WeasyPrint (PDF reports) needs Pango and HarfBuzz, and at least one font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 kindred \
    && useradd --system --uid 10001 --gid kindred --home-dir /app --shell /usr/sbin/nologin kindred

COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
COPY . .
COPY --from=frontend /build/node_modules/govuk-frontend/dist /app/node_modules/govuk-frontend/dist

# Static files are collected and compressed once, at build time. The values below exist
# only so that settings load; nothing connects to them and none reach the running image.
RUN SECRET_KEY=build-only-not-secret \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/var/media \
    && chown -R kindred:kindred /app/var

# Code and static files stay owned by root: the service can read them but not change them.
USER kindred
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "config.health"]

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
