"""The admin, one module per subdomain; every ModelAdmin and inline stands on events.permissions.PolicyAdminMixin.

Importing the modules registers them on Django's default site, configured below.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.admin.richtext import use_prose_editor

use_prose_editor()  # before the imports below create the ModelAdmins, which copy the defaults

from events.admin import (  # noqa: E402, F401
    autocomplete,
    documents,
    events,
    kit,
    organisations,
    places,
    proceedings,
    programme,
    publications,
    registration,
)

admin.site.site_header = _("eventsite administration")
admin.site.site_title = _("eventsite")
admin.site.index_title = _("Events, people and publications")
# The whole window for the forms (a 1280 px window left the event's inlines 900 px); the index lists every model.
admin.site.enable_nav_sidebar = False


def _autocomplete_view(request):
    return autocomplete.PolicyAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# The site's URLs are built after this module is imported (urls.py), so they route to the policy-aware view.
admin.site.autocomplete_view = _autocomplete_view
