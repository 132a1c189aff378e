vcl 4.1;
# Private Varnish for the corpus: Basic auth and denials in VCL, one backend
# that works, one that is not running, one that never answers.

backend web { .host = "127.0.0.1"; .port = "18387"; }
backend dead { .host = "127.0.0.1"; .port = "18386"; }
backend slow { .host = "127.0.0.1"; .port = "18385"; .first_byte_timeout = 2s; }

sub vcl_recv {
    if (req.url ~ "^/dead/") { set req.backend_hint = dead; return (pass); }
    if (req.url ~ "^/slow/") { set req.backend_hint = slow; return (pass); }
    set req.backend_hint = web;
    if (req.url ~ "^/admin/") { return (synth(403)); }
    if (req.url ~ "^/private/") {
        if (!req.http.Authorization) { return (synth(401)); }
        if (req.http.Authorization != "Basic YWxpY2U6czNjcmV0LWFsaWNl") { return (synth(401)); }
        return (pass);
    }
}

sub vcl_synth {
    if (resp.status == 401) {
        set resp.http.WWW-Authenticate = {"Basic realm="Varnish""};
    }
}
