package request

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Redaction by knowledge: besides what names say is a credential, a request
// knows what it carries as one. Its auth put a key under a header or query
// name of the user's choosing, and its body's field names say which values
// are passwords or tokens. Everything shown, saved or copied is scrubbed of
// these values, wherever they turn up.

// secretNamesOf are the header and query parameter names r's auth fills.
func secretNamesOf(r Request) []string {
	return r.Auth.Scheme.rules().secretNames(r.Auth)
}

// knownSecret reports whether name is one of names, as a header or
// parameter name is compared.
func knownSecret(name string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// secretHeader reports whether a header's value is a credential, by its name
// or because the request's auth put it there.
func (s Sent) secretHeader(name string) bool { return secretHeaderNamed(name, s.SecretNames) }

// secretHeaderNamed is SecretHeader plus the header names an auth filled.
func secretHeaderNamed(name string, names []string) bool {
	return SecretHeader(name) || knownSecret(name, names)
}

// secretParamNamed is SecretParam plus the parameter names an auth filled.
func secretParamNamed(name string, names []string) bool {
	return SecretParam(name) || knownSecret(name, names)
}

// Secrets lists the credentials r carries, as typed and as they will travel,
// longest first. It works on a request that cannot be prepared too, so
// that the error saying why does not show them.
func (r Request) Secrets() []string {
	var out []string
	add := func(v string) {
		if v = strings.TrimSpace(v); len(v) >= minSecret {
			out = append(out, v)
		}
	}
	a := r.Auth
	a.Scheme.rules().secrets(a, add)
	// A key's password is a secret whatever scheme is chosen now.
	add(a.CertPassword)
	if s, err := r.Prepare(); err == nil {
		out = append(out, s.Secrets()...)
	} else {
		h := http.Header{}
		for _, hd := range r.Headers {
			h.Add(hd.Name, hd.Value)
		}
		out = append(out, Sent{Headers: h, Body: r.Body, SecretNames: secretNamesOf(r)}.Secrets()...)
		if p := userinfoPassword(r.URL); p != "" {
			add(p)
		}
	}
	return longestFirst(out)
}

// minSecret is the shortest value scrubbed from free text: shorter ones
// would match ordinary words by chance. Shorter credentials are still
// masked where they stand (a header, a parameter, a body field).
const minSecret = 8

func longestFirst(out []string) []string {
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// bodySecrets are the values of the body's secret fields: JSON at any depth,
// a form, or multipart form fields.
func bodySecrets(body, contentType string) []string {
	if body == "" {
		return nil
	}
	var out []string
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		for _, p := range strings.Split(body, "&") {
			k, v, ok := strings.Cut(p, "=")
			if !ok || v == "" {
				continue
			}
			if name, err := url.QueryUnescape(k); err == nil && SecretParam(name) {
				out = append(out, v)
				if val, err := url.QueryUnescape(v); err == nil {
					out = append(out, val)
				}
			}
		}
	case strings.HasPrefix(ct, "multipart/"):
		_, params, err := mime.ParseMediaType(contentType)
		if err != nil || params["boundary"] == "" {
			return nil
		}
		mr := multipart.NewReader(strings.NewReader(body), params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			if part.FileName() != "" || !SecretParam(part.FormName()) {
				continue
			}
			if v, err := io.ReadAll(io.LimitReader(part, 1<<16)); err == nil {
				out = append(out, string(v))
			}
		}
	default:
		out = jsonSecrets(body, contentType)
	}
	return out
}

// jsonSecrets are the string values of secret fields in a JSON body, found
// by the same scan that masks them.
func jsonSecrets(body, contentType string) []string {
	var out []string
	scanJSONSecrets(body, contentType, func(_, _ int, val string) {
		if !strings.Contains(val, `\`) {
			out = append(out, val)
		}
	})
	return out
}

// redactMultipart masks the values of a multipart body's secret fields,
// part by part, so that a short value is not replaced elsewhere too.
func redactMultipart(body, contentType string) string {
	if !strings.HasPrefix(strings.ToLower(contentType), "multipart/") {
		return body
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return body
	}
	delim := "--" + params["boundary"]
	parts := strings.Split(body, delim)
	for i, p := range parts {
		head, val, ok := strings.Cut(p, "\r\n\r\n")
		if !ok || !SecretParam(partFieldName(head)) {
			continue
		}
		v := strings.TrimSuffix(val, "\r\n")
		if v != "" {
			parts[i] = head + "\r\n\r\n" + Mask(v) + val[len(v):]
		}
	}
	return strings.Join(parts, delim)
}

// partFieldName is the form field name in a part's headers, or "" for a
// file or a part without one.
func partFieldName(head string) string {
	for _, line := range strings.Split(head, "\r\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "Content-Disposition") {
			continue
		}
		_, p, err := mime.ParseMediaType(v)
		if err != nil || p["filename"] != "" {
			return ""
		}
		return p["name"]
	}
	return ""
}

// userinfoPassword finds the password in a URL's user info by text, for a
// URL too broken for url.Parse.
func userinfoPassword(raw string) string {
	i, j, ok := userinfoSpan(raw)
	if !ok {
		return ""
	}
	return raw[i:j]
}

// userinfoSpan is where the password of raw's user info lies.
func userinfoSpan(raw string) (int, int, bool) {
	start := 0
	if k := strings.Index(raw, "://"); k >= 0 {
		start = k + 3
	}
	end := len(raw)
	if k := strings.IndexAny(raw[start:], "/?#"); k >= 0 {
		end = start + k
	}
	at := strings.LastIndex(raw[start:end], "@")
	if at < 0 {
		return 0, 0, false
	}
	colon := strings.Index(raw[start:start+at], ":")
	if colon < 0 || colon+1 == at {
		return 0, 0, false
	}
	return start + colon + 1, start + at, true
}

// redactUserinfo masks the password in raw's user info by text.
func redactUserinfo(raw string) string {
	i, j, ok := userinfoSpan(raw)
	if !ok {
		return raw
	}
	return raw[:i] + "••••" + raw[j:]
}

// redactURLKnown is RedactURL that also masks the parameters in names.
func redactURLKnown(raw string, names []string) string {
	return redactURL(raw, func(n string) bool { return secretParamNamed(n, names) })
}

// Scrub masks r's credentials in text made from it: an export, a saved
// file, an error message.
func (r Request) Scrub(text string) string {
	return ScrubSecrets(RedactURLsIn(text), r.Secrets())
}

// redactBodyFor masks secret fields in a request or response body of any
// of the forms a credential travels in.
func redactBodyFor(body, contentType string) string {
	return redactMultipart(redactBody(body, contentType), contentType)
}

// finishExport scrubs r's credentials from an export as its last step, so
// that a value which reached it some other way (typed into a header no rule
// names, repeated in the body) is masked too.
func (r Request) finishExport(showSecrets bool, out string) string {
	if showSecrets {
		return out
	}
	return ScrubSecrets(out, r.Secrets())
}

// secretHeaderIn reports whether header name carries a credential of r.
func (r Request) secretHeaderIn(name string) bool {
	return secretHeaderNamed(name, secretNamesOf(r))
}

// headerValue is the last value typed for a header that is on.
func headerValue(hs []Header, name string) string {
	v := ""
	for _, h := range hs {
		if !h.Off && strings.EqualFold(h.Name, name) {
			v = h.Value
		}
	}
	return v
}

// RedactBody masks the secret fields of a body (JSON at any depth, a form,
// multipart form fields), keeping its layout.
func RedactBody(body, contentType string) string {
	return redactBodyFor(body, contentType)
}

// RedactedBody is r's body with its secret fields masked.
func (r Request) RedactedBody() string {
	return redactBodyFor(r.Body, headerValue(r.Headers, "Content-Type"))
}

// scrubHeaders masks the given secrets in every value of h, which it owns:
// a server may echo a credential under any header name.
func scrubHeaders(h http.Header, secrets []string) http.Header {
	for _, vs := range h {
		for i, v := range vs {
			vs[i] = ScrubSecrets(v, secrets)
		}
	}
	return h
}

// scrubbedError is an error whose text has had credentials masked; the
// error it wraps is kept for errors.As.
type scrubbedError struct {
	msg string
	err error
}

func (e scrubbedError) Error() string { return e.msg }
func (e scrubbedError) Unwrap() error { return e.err }

// scrubError masks r's credentials, and any extra ones, in err's text: it
// quotes the URL and what the server answered, which may repeat them.
func (r Request) scrubError(err error, extra ...string) error {
	if err == nil {
		return nil
	}
	secrets := r.Secrets()
	for _, e := range extra {
		if len(strings.TrimSpace(e)) >= minSecret {
			secrets = append(secrets, strings.TrimSpace(e))
		}
	}
	msg := ScrubSecrets(RedactURLsIn(err.Error()), secrets)
	if msg == err.Error() {
		return err
	}
	return scrubbedError{msg, err}
}
