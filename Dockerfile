# syntax=docker/dockerfile:1
# StackAdvisor production image: gunicorn + WhiteNoise; PostgreSQL and Redis come from outside.

FROM python:3.12-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# Dependencies first: this layer is reused until requirements change.
COPY requirements/app.txt requirements/app.txt
RUN python -m venv /venv && /venv/bin/pip install -r requirements/app.txt
COPY . .
# collectstatic needs settings that pass the production checks; these values exist only
# for this build step and never reach the final image's environment.
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789 \
    DJANGO_ALLOWED_HOSTS=build DJANGO_ENV_FILE= DJANGO_STATIC_ROOT=/app/staticfiles \
    /venv/bin/python manage.py collectstatic --no-input

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    DJANGO_STATIC_ROOT=/app/staticfiles DJANGO_ENV_FILE=
RUN useradd --system --create-home --uid 10001 stackadvisor
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=stackadvisor:stackadvisor /app /app
USER stackadvisor
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
CMD ["gunicorn", "stackadvisor.wsgi", "--bind", "0.0.0.0:8000"]
