"""Personas for the catalogue's languages: a team that writes a language gets that language's
framework for the project it describes, through the real form and result."""

import pytest

from comparisons.models import Framework

pytestmark = pytest.mark.django_db

# (answers, the team's language, the frameworks any of which is the right pick)
PERSONAS = {
    "Ruby team, full web app": (
        {
            "language": "Ruby",
            "experience": "Some",
            "building": "A full-featured web app",
            "admin_panel": "Yes",
            "priorities": ["Structure", "Getting a first version"],
            "scale": "Medium",
        },
        "ruby",
        {"rails"},
    ),
    "Enterprise Java team": (
        {
            "language": "Java",
            "experience": "Experienced",
            "building": "A full-featured web app",
            "admin_panel": "No",
            "priorities": ["Security", "Structure"],
            "scale": "Large",
        },
        "java",
        {"spring-boot"},
    ),
    ".NET team": (
        {
            "language": "C# (.NET)",
            "experience": "Some",
            "building": "A full-featured web app",
            "admin_panel": "No",
            "priorities": ["Security", "Speed"],
            "scale": "Large",
        },
        "csharp",
        {"aspnet-core"},
    ),
    "Go team, high-throughput microservices": (
        {
            "language": "Go",
            "experience": "Experienced",
            "building": "An API",
            "priorities": ["Speed"],
            "scale": "Large",
        },
        "go",
        {"gin"},
    ),
    "Python team, typed async API": (
        {
            "language": "Python",
            "experience": "Experienced",
            "building": "An API",
            "priorities": ["Speed", "Getting a first version"],
            "scale": "Medium",
        },
        "python",
        {"fastapi"},
    ),
    "PHP team, full web app": (
        {
            "language": "PHP",
            "experience": "Some",
            "building": "A full-featured web app",
            "admin_panel": "Yes",
            "priorities": ["Structure", "Security"],
            "scale": "Medium",
        },
        "php",
        {"laravel", "symfony"},
    ),
    "Elixir team, real-time app": (
        {
            "language": "Elixir",
            "experience": "Some",
            "building": "A real-time app",
            "priorities": ["Speed"],
            "scale": "Large",
        },
        "elixir",
        {"phoenix"},
    ),
    "Kotlin team, full web app": (
        {
            "language": "Kotlin",
            "experience": "Experienced",
            "building": "A full-featured web app",
            "admin_panel": "No",
            "priorities": ["Security", "Structure"],
            "scale": "Large",
        },
        "kotlin",
        {"spring-boot", "ktor"},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_team_gets_a_framework_in_its_language(client, answer_form_data, submit_answers, persona):
    answers, language_key, expected = PERSONAS[persona]

    token = submit_answers(answer_form_data(**answers))

    data = client.get(f"/results/{token}.json").json()
    winner = data["winner"]["framework"]
    ranking = [(item["framework"], item["total"]) for item in data["ranking"][:2]]
    assert winner in expected, (persona, ranking)
    assert data["ranking"][0]["framework"] == winner
    language = Framework.objects.get(slug=winner).languages.get(key=language_key)
    page = client.get(f"/results/{token}/").text
    assert f"Your team already writes {language.name}" in page
