package har

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
)

// notResent are headers the client sets itself for the connection it
// makes; copying the recorded ones would describe another connection.
var notResent = []string{"Host", "Content-Length", "Connection", "Keep-Alive", "Transfer-Encoding", "Te", "Upgrade",
	"Proxy-Connection", "Accept-Encoding", "Origin"}

// Request is the entry as a request the inspector can edit and resend:
// the recorded method, URL, headers and body, aimed at the recorded URL
// and nowhere else. A Bearer or Basic Authorization becomes the request's
// auth, so a and t can change it; the Origin stays the page's, so the
// preflight is judged again.
func (it *Item) Request() request.Request {
	s := it.X.Request
	r := request.Request{Method: s.Method, URL: s.URL, Body: s.Body}
	names := make([]string, 0, len(s.Headers))
	for k := range s.Headers {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if slices.ContainsFunc(notResent, func(n string) bool { return strings.EqualFold(n, k) }) {
			continue
		}
		for _, v := range s.Headers[k] {
			if strings.EqualFold(k, "Authorization") && r.Auth.Scheme == "" {
				if a, ok := authOf(v); ok {
					r.Auth = a
					continue
				}
			}
			r.Headers = append(r.Headers, request.Header{Name: k, Value: v})
		}
	}
	if r.Auth.Scheme == "" {
		r.Auth.Scheme = request.SchemeNone
	}
	r.Compressed = s.Headers.Get("Accept-Encoding") != ""
	if o := s.Headers.Get("Origin"); o != "" && o != "null" {
		r.Origin = o
	}
	return r
}

func authOf(v string) (request.Auth, bool) {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" || strings.ContainsAny(rest, " \t") {
		return request.Auth{}, false
	}
	switch {
	case scheme == "Bearer":
		return request.Auth{Scheme: request.SchemeBearer, Token: rest}, true
	case scheme == "Basic":
		b, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return request.Auth{}, false
		}
		user, pass, ok := strings.Cut(string(b), ":")
		if !ok {
			return request.Auth{}, false
		}
		return request.Auth{Scheme: request.SchemeBasic, User: user, Password: pass}, true
	}
	return request.Auth{}, false
}
