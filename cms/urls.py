from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api.mount import api
from cms.health import healthz, readyz

# A database outage raised outside a view is a 503, not a 500 (cms/resilience.py).
handler500 = "cms.resilience.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("healthz/", healthz),
    path("readyz/", readyz, name="readyz"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from cms.media import media_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images only: documents go through /documents/<id>/<filename>, which enforces
    # collection privacy (cms/media.py).
    urlpatterns += media_urlpatterns(settings.MEDIA_URL, settings.MEDIA_ROOT)

# Page URLs carry the language: /… for English, /es/… for Spanish. The public
# site is the separate front end; these serve the editor's "view live" links.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
