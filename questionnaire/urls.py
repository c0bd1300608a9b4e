from django.urls import path, register_converter

from questionnaire import share, views


class TokenConverter:
    """Result tokens: URL-safe base64, 22+ characters; anything else is simply not found."""

    regex = r"[A-Za-z0-9_-]{22,43}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "questionnaire"

urlpatterns = [
    path("advisor/", views.advisor, name="advisor"),
    path("methodology/", views.methodology, name="methodology"),
    path("compare/<str:spec>/weighed/", views.weighed_comparison, name="weighed-compare"),
    path("results/<token:token>/", views.result, name="result"),
    path("results/<token:token>.json", views.result_data, name="result-data"),
    path("results/<token:token>/og.png", share.result_image, name="result-image"),
    path("results/<token:token>/recompute/", views.recompute, name="recompute"),
    path("results/<token:token>/compare/", views.personal_comparison, name="personal-compare"),
]
