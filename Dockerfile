# syntax=docker/dockerfile:1
# StackAdvisor production image: gunicorn + WhiteNoise; PostgreSQL and Redis come from outside.
# Build from the repository's top folder: docker build -t stackadvisor .
# Running it: docs/deploy.md (and docs/compose.yaml for a local try with PostgreSQL and Redis).

# --- Build stage: the virtual environment and the collected static files -----------------
# The Python the test suite runs on.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
# Dependencies first: this layer is reused until the pinned requirements change.
COPY requirements/app.txt requirements/app.txt
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements/app.txt
# Only what the site runs on (no tests, no docs, no local files).
COPY manage.py ./
COPY stackadvisor stackadvisor
COPY comparisons comparisons
COPY questionnaire questionnaire
COPY templates templates
COPY static static
# collectstatic needs settings that pass the production checks; these values exist only
# for this build step and never reach the final image's environment.
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789 \
    DJANGO_ALLOWED_HOSTS=build DJANGO_ENV_FILE='' DJANGO_STATIC_ROOT=/app/staticfiles \
    /venv/bin/python manage.py collectstatic --no-input --verbosity 0

# --- Runtime stage -----------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    DJANGO_STATIC_ROOT=/app/staticfiles DJANGO_ENV_FILE= GUNICORN_BIND=0.0.0.0:8000
# An unprivileged user; the code stays root-owned, so the process cannot change it.
RUN groupadd --system --gid 10001 stackadvisor \
    && useradd --system --no-create-home --uid 10001 --gid 10001 stackadvisor
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
# var/ is the one writable place (the SQLite database when no DATABASE_URL is given).
RUN mkdir /app/var && chown 10001:10001 /app/var
USER 10001:10001
EXPOSE 8000
# /healthz: 200 when the database (and Redis, when used) answer. The check names a host from
# DJANGO_ALLOWED_HOSTS, so the loopback address need not be an allowed host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "stackadvisor.healthcheck"]
# Migrates, optionally loads the starting content, then execs gunicorn with
# stackadvisor/gunicorn.conf.py.
ENTRYPOINT ["sh", "/app/stackadvisor/docker-entrypoint.sh"]
