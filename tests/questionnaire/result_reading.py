"""Reading a saved result through the test client, as its JSON and as its page, and the
personas whose results the tests read."""

from tests.personas import CHAT_APP, DATA_APP, PROTOTYPE, WEB_APP

PERSONAS = {"chat": CHAT_APP, "web": WEB_APP, "prototype": PROTOTYPE, "data": DATA_APP}


def result_json(client, token: str) -> dict:
    response = client.get(f"/results/{token}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def result_page(client, html_page, token: str):
    response = client.get(f"/results/{token}/")
    assert response.status_code == 200
    return html_page(response)
