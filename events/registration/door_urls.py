"""The door pages, mounted under /admin/door/ (eventsite/urls.py): admin login, then events.permissions."""

from django.urls import path

from events.registration import door

app_name = "door"
urlpatterns = [
    path("<slug:slug>/check-in/", door.check_in, name="check_in"),
    path("<slug:slug>/check-in/<int:pk>/", door.check_in_mark, name="check_in_mark"),
    path("<slug:slug>/<str:kind>.pdf", door.door_print, name="print"),
]
