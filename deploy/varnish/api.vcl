# Varnish in front of the content API, purged by the CMS (publishing/purgers/varnish.py).
#
# Caches anonymous GET and HEAD requests to /api/ for as long as the answer's
# Surrogate-Control says (the CMS purges what a change makes stale), remembers each
# answer's cache tags (its xkey header, varnish-modules' xkey), and takes purges from
# the purgers ACL only: PURGE with an xkey-purge header drops every answer carrying one
# of its space-separated tags; PURGE of a URL drops that URL (for the Host sent).
#
# The origin is in backend.vcl, found on vcl_path, e.g.
#   backend default { .host = "127.0.0.1"; .port = "8000"; }
# varnishd -a 127.0.0.1:6081 -p vcl_path=/etc/varnish:/path/to/deploy/varnish -f api.vcl
# (tests/varnish_server.py writes one for its test server).
vcl 4.1;

import std;
import xkey;

include "backend.vcl";

# Who may purge: the CMS's web and worker processes. Loopback only here; add the
# addresses of the hosts that run the CMS when Varnish is on another one.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone + " objects"));
        }
        return (purge);
    }
    if (req.url !~ "^/api/" || (req.method != "GET" && req.method != "HEAD")) {
        return (pass);
    }
    # An answer for one visitor (a token, an editor's session) is never shared.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The API reads no other cookie; keeping them would make every visitor's a miss.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # The CDN's own TTL (longer than the browsers', since purges keep it fresh).
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, ".*max-age=([0-9]+).*", "\1") + "s",
            beresp.ttl);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # For this CDN only: browsers are told Cache-Control, not the tags or the CDN's TTL.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.Surrogate-Control;
    unset resp.http.CDN-Cache-Control;
}
