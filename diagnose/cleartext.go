package diagnose

import (
	"fmt"
	"net/url"
	"strings"
)

// CleartextCredentials is not in the original table: credentials sent over
// plain http to another machine. Its remedy is use_https.
const CleartextCredentials CauseID = "cleartext_credentials"

var cleartextCauses = []Cause{
	{
		ID:    CleartextCredentials,
		Title: "Credentials sent over plain http",
		Explanation: "The request carried a credential over unencrypted http to another machine, where anyone on the path can read " +
			"and replay it. Many APIs also refuse or redirect plain http, and a redirect to https drops the Authorization header.",
		Fixes: []string{
			"Use https:// in the URL:\ncurl -H \"Authorization: Bearer $TOKEN\" https://HOST/PATH",
			"Treat the credential as exposed: rotate it if it crossed an untrusted network.",
		},
		Reference: "RFC 6750 §5.3 (always use TLS); RFC 7617 §4; RFC 9110 §17.2",
		Remedy:    RemedyUseHTTPS,
	},
}

// plainHTTP flags credentials sent in clear text to a host that is not
// this machine.
func (d *diagnosis) plainHTTP() {
	f := d.f
	if f.url == nil || f.url.Scheme != "http" || !f.credsSent() || isLoopback(f.url.Hostname()) {
		return
	}
	u := *f.url
	u.Scheme = "https"
	conf := faint
	ev := []string{fmt.Sprintf("credentials were sent over plain http to %s", short(f.url.Host))}
	if f.x.Response != nil && f.status >= 300 && f.status < 400 {
		if loc, err := url.Parse(f.rh.Get("Location")); err == nil && loc.Scheme == "https" && strings.EqualFold(loc.Host, f.url.Host) {
			conf = possible
			ev = append(ev, "the server redirects to https: "+short(loc.String()))
		}
	}
	d.add(CleartextCredentials, conf, ev, &Remedy{Kind: RemedyUseHTTPS, URL: u.String(), Label: "resend over https"})
}
