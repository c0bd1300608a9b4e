"""Settings of the baseline app: the least Django needs to answer a request."""

import os

DEBUG = False
# The baseline holds no secrets; the benchmark hands it a throwaway key all the same.
SECRET_KEY = os.environ.get("BENCH_HELLO_SECRET_KEY", "bench-hello-" + "x" * 50)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.bench.hello.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
TEMPLATES: list = []
USE_TZ = True
