from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api.mount import api
from cms.headless import RESERVED, page_path
from cms.health import healthz, readyz
from cms.storage.outage import serve_document

# A database outage raised outside a view is a 503, not a 500 (cms/resilience.py).
handler500 = "cms.resilience.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view, with a file lost or storage down as a 404 or 503, not a 500.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
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
    urlpatterns += media_urlpatterns(settings.MEDIA_URL, str(settings.MEDIA_ROOT))

# Page URLs carry the language: /… for English, /es/… for Spanish. Pages are read on
# the separate front end: Wagtail's page-serving pattern keeps its name (Page.url
# reverses it) but sends the visitor there, as does any other unclaimed path
# (cms/headless.py). Wagtail's own log-in and password views for private documents stay.
wagtail_util_urls, wagtail_serve = wagtail_urls.urlpatterns[:-1], wagtail_urls.urlpatterns[-1]
urlpatterns += i18n_patterns(
    *wagtail_util_urls,
    re_path(wagtail_serve.pattern.regex.pattern, page_path, name="wagtail_serve"),
    prefix_default_language=False,
)
urlpatterns += [re_path(rf"^(?!(?:{'|'.join(RESERVED)})(?:/|$))", page_path)]
