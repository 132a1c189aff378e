package request

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// This file plays the browser's part in CORS, as the Fetch standard
// describes it: which requests need a preflight, and what the preflight
// carries.

// NormalizeOrigin checks an origin as a page would have it
// ("https://app.example.com", "http://localhost:3000") and returns its
// serialised form: lower-case scheme and host, no default port, no path.
// "null" (sandboxed pages, file: URLs) is kept as is.
func NormalizeOrigin(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "null" {
		return s, nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("origin %q is not scheme://host[:port] (such as https://app.example.com)", raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("origin %q has more than scheme://host[:port]; an origin has no path, query or user", raw)
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		host += ":" + p
	}
	return strings.ToLower(u.Scheme) + "://" + host, nil
}

// simpleMethod reports a CORS-safelisted method, which needs no preflight.
func simpleMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodPost
}

// browserOwned are headers a page cannot set (the Fetch standard's forbidden
// request-headers, plus User-Agent, which browsers fill in themselves), so
// they never appear in Access-Control-Request-Headers.
var browserOwned = map[string]bool{
	"accept-charset": true, "accept-encoding": true, "access-control-request-headers": true,
	"access-control-request-method": true, "connection": true, "content-length": true,
	"cookie": true, "cookie2": true, "date": true, "dnt": true, "expect": true, "host": true,
	"keep-alive": true, "origin": true, "referer": true, "set-cookie": true, "te": true,
	"trailer": true, "transfer-encoding": true, "upgrade": true, "via": true, "user-agent": true,
}

// PreflightHeaders lists, lower-cased and sorted, the headers of s that are
// not CORS-safelisted: the names a browser puts in
// Access-Control-Request-Headers. Authorization and API-key headers are
// always among them.
func PreflightHeaders(s Sent) []string {
	var unsafe, safe []string
	total := 0
	for name, values := range s.Headers {
		n := strings.ToLower(name)
		if browserOwned[n] || strings.HasPrefix(n, "proxy-") || strings.HasPrefix(n, "sec-") {
			continue
		}
		// Several values go out joined, and are judged so.
		v := strings.Join(values, ", ")
		if safelisted(n, v) {
			safe = append(safe, n)
			total += len(v)
		} else {
			unsafe = append(unsafe, n)
		}
	}
	if total > 1024 {
		unsafe = append(unsafe, safe...)
	}
	sort.Strings(unsafe)
	return unsafe
}

// safelisted applies the Fetch standard's CORS-safelisted request-header
// rules to one header.
func safelisted(name, value string) bool {
	if len(value) > 128 {
		return false
	}
	switch name {
	case "accept":
		return !hasUnsafeByte(value)
	case "accept-language", "content-language":
		for i := 0; i < len(value); i++ {
			c := value[i]
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || strings.IndexByte(" *,-.;=", c) >= 0) {
				return false
			}
		}
		return true
	case "content-type":
		if hasUnsafeByte(value) {
			return false
		}
		mt, _, err := mime.ParseMediaType(value)
		if err != nil {
			return false
		}
		switch mt {
		case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
			return true
		}
		return false
	case "range":
		return simpleRange(value)
	}
	return false
}

func hasUnsafeByte(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 && c != '\t' || c == 0x7f || strings.IndexByte(`"():<>?@[\]{}`, c) >= 0 {
			return true
		}
	}
	return false
}

// simpleRange accepts "bytes=N-" and "bytes=N-M" with N <= M.
func simpleRange(v string) bool {
	spec, ok := strings.CutPrefix(v, "bytes=")
	if !ok {
		return false
	}
	a, b, ok := strings.Cut(spec, "-")
	if !ok || a == "" || !digits(a) || (b != "" && !digits(b)) {
		return false
	}
	if b != "" && (len(a) > len(b) || len(a) == len(b) && a > b) {
		return false
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// NeedsPreflight reports whether a browser would send a preflight before r:
// its method is not GET, HEAD or POST, or it carries a header that is not
// CORS-safelisted (Authorization, an API key, a JSON Content-Type, …).
// A request that cannot be prepared needs none; sending it will say why.
func NeedsPreflight(r Request) bool {
	s, err := r.Prepare()
	if err != nil {
		return false
	}
	return !simpleMethod(s.Method) || len(PreflightHeaders(s)) > 0
}

// Preflight sends the OPTIONS request a browser sends before r from a page
// at origin (r.Origin when origin is empty). Like a browser it carries no
// credentials and follows no redirect. It is sent whether or not r needs
// it; NeedsPreflight says whether a browser would.
func Preflight(ctx context.Context, r Request, origin string) Exchange {
	defaultOnce.Do(func() { defaultClient = NewClient() })
	return defaultClient.Preflight(ctx, r, origin)
}

// Preflight is the package-level Preflight on c's connections.
func (c *Client) Preflight(ctx context.Context, r Request, origin string) Exchange {
	pr, err := preflightRequest(r, origin)
	if err != nil {
		return Exchange{At: time.Now(), Request: Sent{Method: http.MethodOptions, URL: r.URL}, Error: &Error{Kind: ErrInvalid, Message: err.Error()}}
	}
	return c.Send(ctx, pr)
}

func preflightRequest(r Request, origin string) (Request, error) {
	if origin == "" {
		origin = r.Origin
	}
	if strings.TrimSpace(origin) == "" {
		return Request{}, fmt.Errorf("a preflight needs the page's origin")
	}
	s, err := r.Prepare()
	if err != nil {
		return Request{}, err
	}
	hs := []Header{{Name: "Accept", Value: "*/*"}, {Name: "Access-Control-Request-Method", Value: s.Method}}
	if names := PreflightHeaders(s); len(names) > 0 {
		hs = append(hs, Header{Name: "Access-Control-Request-Headers", Value: strings.Join(names, ",")})
	}
	return Request{
		Method:      http.MethodOptions,
		URL:         s.URL, // an API key in the query goes too: the browser asks for the same URL
		Headers:     hs,
		Origin:      origin,
		NoRedirects: true, // a redirected preflight fails in a browser
		Insecure:    r.Insecure,
		Proxy:       r.Proxy,
		Timeout:     r.Timeout,
		MaxBody:     64 << 10,
	}, nil
}

// SendCORS sends r as a page at r.Origin would: the preflight first when a
// browser needs one, then r itself, with the preflight attached to the
// returned Exchange. Without an Origin it is Send. The request is sent even
// when the preflight fails, so both answers can be judged.
func SendCORS(ctx context.Context, r Request) Exchange {
	defaultOnce.Do(func() { defaultClient = NewClient() })
	return defaultClient.SendCORS(ctx, r)
}

// SendCORS is the package-level SendCORS on c's connections.
func (c *Client) SendCORS(ctx context.Context, r Request) Exchange {
	if strings.TrimSpace(r.Origin) == "" || !NeedsPreflight(r) {
		return c.Send(ctx, r)
	}
	// The watcher is for the answer the user asked for, not the preflight's.
	pf := c.Preflight(WithWatcher(ctx, nil), r, "")
	x := c.Send(ctx, r)
	x.Preflight = &pf
	return x
}
