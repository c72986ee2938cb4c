from django.urls import path

from events import views
from events.documents import views as document_views
from events.exports import views as export_views
from events.registration import views as registration_views

app_name = "events"
urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("search/", views.search, name="search"),
    path("years/<int:year>/", views.year_archive, name="year"),
    path("events.ics", export_views.events_ical, name="events_ical"),
    path("events/<slug:slug>/calendar.ics", export_views.event_ical, name="event_ical"),
    path("events/<slug:slug>/sessions/<slug:session>.ics", export_views.session_ical, name="session_ical"),
    path("events/<slug:slug>/schedule.xml", export_views.schedule_xml, name="schedule_xml"),
    path("events/<slug:slug>/schedule.json", export_views.schedule_json, name="schedule_json"),
    path("events/<slug:slug>/register/", registration_views.register, name="register"),
    path("events/<slug:slug>/registered/", registration_views.registered, name="registered"),
    path("events/<slug:slug>/waiting-list/", registration_views.join_waiting_list, name="waiting_list"),
    # A registrant's personal links (signed tokens; see events.registration.links).
    path("registration/<str:token>/", registration_views.registration_manage, name="registration"),
    path("registration/<str:token>/data.json", registration_views.registration_data, name="registration_data"),
    path("registration/<str:token>/confirm/", registration_views.registration_confirm, name="registration_confirm"),
    path("registration/<str:token>/accept/", registration_views.registration_accept, name="registration_accept"),
    path("events/<slug:slug>/proceedings/", views.proceedings_detail, name="proceedings"),
    path(
        "events/<slug:slug>/proceedings/cite.<str:fmt>", export_views.proceedings_citation, name="proceedings_citation"
    ),
    path("events/<slug:slug>/<str:kind>.pdf", document_views.document_download, name="document"),
    path("events/<slug:slug>/kit/editions/<int:number>.pdf", document_views.kit_edition_download, name="kit_edition"),
    path("events/<slug:event_slug>/remarks/<slug:slug>/", views.remark_detail, name="remark"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
    path("publications/<slug:slug>/cite.<str:fmt>", export_views.publication_citation, name="publication_citation"),
]
