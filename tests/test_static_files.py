"""Static files in production: collected with hashed names and compressed copies, served by
WhiteNoise, hashed files cached for a year and marked immutable, unhashed ones briefly."""

import json
import re

from tests.processes import production_env, run

SERVE_SCRIPT = """
import json, sys
import django
django.setup()
from django.templatetags.static import static
from django.test import Client

client = Client(HTTP_HOST="localhost")
answers = {}
for url in sys.argv[1:]:
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    answers[url] = {
        "status": response.status_code,
        "cache_control": response.get("Cache-Control", ""),
        "content_encoding": response.get("Content-Encoding", ""),
    }
answers["template_url"] = static("css/site.css")
print(json.dumps(answers))
"""


def max_age(cache_control: str) -> int:
    match = re.search(r"max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else 0


def test_hashed_files_are_cached_for_a_year_and_immutable_unhashed_ones_are_not(
    collected_static,
):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    hashed = "/static/" + manifest["css/site.css"]
    unhashed = "/static/css/site.css"
    assert hashed != unhashed and re.search(r"site\.[0-9a-f]{12}\.css$", hashed)
    assert (collected_static / (manifest["css/site.css"] + ".gz")).exists()

    output = run(
        ["-c", SERVE_SCRIPT, hashed, unhashed, "/static/" + manifest["admin/css/base.css"]],
        env=production_env(DJANGO_STATIC_ROOT=str(collected_static)),
        timeout=60,
    )
    answers = json.loads(output.splitlines()[-1])

    # Pages link the hashed name.
    assert answers["template_url"] == hashed
    for url in [hashed, "/static/" + manifest["admin/css/base.css"]]:
        served = answers[url]
        assert served["status"] == 200, url
        assert max_age(served["cache_control"]) >= 365 * 24 * 3600, served
        assert "immutable" in served["cache_control"], served
        assert served["content_encoding"] == "gzip", served  # the precompressed copy
    plain = answers[unhashed]
    assert plain["status"] == 200
    assert "immutable" not in plain["cache_control"]
    assert max_age(plain["cache_control"]) < 24 * 3600
