from django.http import HttpResponse
from django.urls import path

PAGE = (
    b'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Hello</title></head>'
    b"<body><p>Hello, world.</p></body></html>\n"
)


def hello(request):
    return HttpResponse(PAGE)


urlpatterns = [path("", hello)]
