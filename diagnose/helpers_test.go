package diagnose

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authlens/authlens/request"
)

// at0 is the local clock of every recorded exchange unless one says otherwise.
var at0 = time.Date(2026, 11, 28, 15, 12, 0, 0, time.UTC)

const fixtureSecret = "authlens-fixture-secret"

// mkJWT signs claims with HS256 so fixtures hold real tokens. Times are
// offsets from at0.
func mkJWT(claims jwt.MapClaims, kid string) string {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	if kid != "" {
		t.Header["kid"] = kid
	}
	s, err := t.SignedString([]byte(fixtureSecret))
	if err != nil {
		panic(err) // a broken test helper, not user input
	}
	return s
}

// mkUnsigned builds an alg "none" token by hand.
func mkUnsigned(claims map[string]any) string {
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
	c, _ := json.Marshal(claims)
	return enc.EncodeToString(h) + "." + enc.EncodeToString(c) + "."
}

func unix(d time.Duration) int64 { return at0.Add(d).Unix() }

func basic(userPass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(userPass))
}

// hdrs turns "Name: value" lines into a header, keeping repeats.
func hdrs(lines ...string) http.Header {
	h := http.Header{}
	for _, l := range lines {
		k, v, _ := strings.Cut(l, ":")
		h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	return h
}

func sent(method, url string, lines ...string) request.Sent {
	return request.Sent{Method: method, URL: url, Headers: hdrs(lines...)}
}

func resp(status int, body string, lines ...string) *request.Response {
	h := hdrs(lines...)
	if h.Get("Date") == "" {
		h.Set("Date", at0.Format(http.TimeFormat))
	}
	return &request.Response{Status: status, Headers: h, Body: body, Size: int64(len(body))}
}

func exch(req request.Sent, r *request.Response) request.Exchange {
	return request.Exchange{At: at0, Request: req, Response: r, Redirects: []request.Hop{}}
}

func netErr(url string, kind request.ErrorKind, msg string) request.Exchange {
	return request.Exchange{At: at0, Request: sent("GET", url), Redirects: []request.Hop{},
		Error: &request.Error{Kind: kind, Message: msg}}
}
