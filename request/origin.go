package request

import (
	"net/url"
	"strings"
)

// OriginOf is the origin of a URL (scheme://host[:port], written as
// NormalizeOrigin writes it), or "" when it has none.
func OriginOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	o, err := NormalizeOrigin(u.Scheme + "://" + u.Host)
	if err != nil || o == "null" {
		return ""
	}
	return o
}

// OfferedTo reports whether c may be used on a request to rawURL: a
// credential that names its origins belongs to them alone.
func (c Credential) OfferedTo(rawURL string) bool {
	return originAllowed(c.Origins, rawURL)
}

// OfferedTo reports whether the token rf gets may be sent to rawURL.
func (rf Refresh) OfferedTo(rawURL string) bool {
	return originAllowed(rf.Origins, rawURL)
}

func originAllowed(origins []string, rawURL string) bool {
	if len(origins) == 0 {
		return true
	}
	o := OriginOf(rawURL)
	for _, x := range origins {
		if o != "" && strings.EqualFold(x, o) {
			return true
		}
	}
	return false
}

// CredentialsFor is the part of creds that may be used on a request to
// rawURL, in the same order.
func CredentialsFor(creds []Credential, rawURL string) []Credential {
	out := make([]Credential, 0, len(creds))
	for _, c := range creds {
		if c.OfferedTo(rawURL) {
			out = append(out, c)
		}
	}
	return out
}
