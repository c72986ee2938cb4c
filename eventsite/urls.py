from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from events.api.routes import api
from events.permissions import view_on_site
from events.sitemaps import SITEMAPS
from events.views import favicon, robots_txt
from eventsite.infra.media import serve_public_media

urlpatterns = [
    # Staff pages for the day of an event (badges, sign-in sheet, check-in): before the admin's catch-all.
    path("admin/door/", include("events.registration.door_urls")),
    # The admin's "view on site" redirect, answering only for rows the user may see (events.permissions).
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("api/v1/", api.urls),
    # Photos and logos, when they are files on disk (not with MEDIA_STORAGE=s3); never the rendered documents.
    *(
        [path("media/<path:path>", serve_public_media, name="media")]
        if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
        else []
    ),
    *i18n_patterns(
        path("", include("events.urls")),
        path("speakers/", include("speakers.urls")),
        prefix_default_language=False,
    ),
]
