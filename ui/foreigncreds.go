package ui

import (
	"encoding/base64"
	"strings"

	"github.com/authlens/authlens/request"
)

// scrubForeign takes out of r every saved credential that belongs to other
// origins (the lab's demo credentials on a request to another server),
// including fields kept from cycling through schemes. It reports whether
// anything was taken out.
func scrubForeign(r request.Request, creds []request.Credential) (request.Request, bool) {
	a, changed := r.Auth, false
	for _, c := range creds {
		if c.OfferedTo(r.URL) {
			continue
		}
		ca := c.Auth
		if stripped, ok := a.WithoutSecretOf(ca); ok {
			a, changed = stripped, true
		}
		if ca.CertFile != "" && a.CertFile == ca.CertFile {
			a.CertFile, a.KeyFile, a.CertPassword, changed = "", "", "", true
		}
	}
	// A hand-written header can carry a demo secret too (a lab scenario
	// writes its token so): it is turned off, kept for the user to see.
	var hs []request.Header
	for i, h := range r.Headers {
		if h.Off || !carriesForeign(h.Value, r.URL, creds) {
			continue
		}
		if hs == nil {
			hs = append([]request.Header(nil), r.Headers...)
		}
		hs[i].Off, changed = true, true
	}
	if hs != nil {
		r.Headers = hs
	}
	if !changed {
		return r, false
	}
	if !a.HoldsSecret() {
		a.Scheme = request.SchemeNone
	}
	r.Auth = a
	return r, true
}

// carriesForeign reports whether v holds the secret of a saved credential
// that is not for rawURL's origin.
func carriesForeign(v, rawURL string, creds []request.Credential) bool {
	for _, c := range creds {
		if c.OfferedTo(rawURL) {
			continue
		}
		a := c.Auth
		for _, s := range []string{a.Token, a.KeyValue, a.CookieValue, a.Password} {
			if len(s) >= 6 && strings.Contains(v, s) {
				return true
			}
		}
		if a.User != "" && a.Password != "" && strings.Contains(v, base64.StdEncoding.EncodeToString([]byte(a.User+":"+a.Password))) {
			return true
		}
	}
	return false
}
