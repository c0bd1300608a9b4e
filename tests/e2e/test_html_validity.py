"""The Nu Html Checker (vnu.jar) finds no errors in the public pages, as the live server
sends them (the markup itself, not a browser's re-serialisation of it).

The pages are checked in one run of the checker (its start-up takes a few seconds).
"""

import json
import re
import subprocess

from tests.e2e import tools
from tests.e2e.helpers import require

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def check_html(documents: dict[str, str], workdir) -> dict[str, list[str]]:
    """{page name: HTML} → {page name: the checker's errors, one line each}."""
    files = {}
    for number, (name, markup) in enumerate(documents.items()):
        path = workdir / f"page-{number}.html"
        path.write_text(markup, encoding="utf-8")
        files[path.resolve().as_uri()] = name
    completed = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [tools.java_path(), "-jar", str(tools.VNU_JAR), "--errors-only", "--format", "json"]
        + [str(workdir / f"page-{number}.html") for number in range(len(documents))],
        capture_output=True,
        text=True,
        timeout=180,
    )
    # The JSON report goes to stderr; the exit status is 1 when there are errors.
    try:
        report = json.loads(completed.stderr)
    except json.JSONDecodeError as error:
        raise AssertionError(
            f"vnu.jar exited {completed.returncode} without a JSON report:\n"
            f"{completed.stderr[-2000:]}"
        ) from error
    errors: dict[str, list[str]] = {name: [] for name in documents}
    by_file_name = {uri.rsplit("/", 1)[-1]: name for uri, name in files.items()}
    for message in report["messages"]:
        name = by_file_name.get(message.get("url", "").rsplit("/", 1)[-1], "(unknown page)")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message.get('message')} "
            f"[{message.get('extract', '').strip()[:120]}]"
        )
    return errors


def test_pages_are_valid_html(fetch, result_token, tmp_path):
    require("vnu")
    documents = {}
    for name, path in tools.audited_pages(result_token):
        fetched = fetch(path)
        assert fetched.status == 200, f"{path} answered {fetched.status}"
        documents[name] = fetched.text

    # The questionnaire sent unanswered: the page with every error on it.
    form = fetch("/advisor/")
    token = CSRF_FIELD.search(form.text).group(1)
    with_errors = fetch("/advisor/", data={"csrfmiddlewaretoken": token})
    assert with_errors.status == 400
    assert "Please check your answers" in with_errors.text
    documents["advisor with errors"] = with_errors.text

    # Comparison addresses that cannot be shown, and a page that does not exist.
    documents["compare not found"] = fetch("/compare/django-vs-nothing/").text
    documents["compare picker with errors"] = fetch("/compare/?f=django").text
    documents["404"] = fetch("/no-such-page/").text

    errors = check_html(documents, tmp_path)
    report = "\n".join(f"{name}: {line}" for name, lines in errors.items() for line in lines)
    assert not report, f"The Nu Html Checker found errors:\n{report}"
