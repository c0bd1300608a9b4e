import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["base64", "zlib", "hex", "rot13", "no-such-charset"])
@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=X", "application/x-www-form-urlencoded"]
)
def test_a_body_in_a_non_text_charset_is_refused_with_400(client, charset, content_type):
    body = b'--X\r\nContent-Disposition: form-data; name="q1"\r\n\r\n1\r\n--X--\r\n'
    response = client.generic(
        "POST", "/advisor/", body, content_type=f"{content_type}; charset={charset}"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_text_charset_passes_through(client):
    response = client.generic(
        "POST",
        "/advisor/",
        b"q1=1",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 400  # the questionnaire's own validation answers
    assert b"Please check your answers" in response.content
