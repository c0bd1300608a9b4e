from django.urls import path

from comparisons import share, views

app_name = "comparisons"

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("compare/", views.compare_picker, name="compare-redirect"),
    path("compare/<str:spec>/", views.compare, name="compare"),
    path("compare/<str:spec>/og.png", share.compare_image, name="compare-image"),
]
