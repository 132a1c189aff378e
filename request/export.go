package request

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// Curl writes r as a curl command a POSIX shell runs as is. Secrets are
// masked unless showSecrets. Parsing the result with ParseCurl gives r back,
// except that an API key with an unconventional name (a header not named
// *Api-Key, a query parameter other than api_key, apikey, key…) or an empty
// value comes back as a plain header or query parameter; what is sent is
// the same.
func (r Request) Curl(showSecrets bool) string {
	c := &curlCommand{}
	fields, isForm := formFields(r)
	r.curlMethod(c)
	r.curlHeaders(c, isForm, showSecrets)
	secret := func(s string) string { return maskUnless(showSecrets, s) }
	r.Auth.Scheme.rules().curl(r.Auth, secret, c.add)
	r.curlTLS(c, secret)
	r.curlBody(c, fields, isForm, showSecrets)
	r.curlTransport(c, showSecrets)

	u := r.URL
	if !showSecrets {
		u = RedactURL(u)
	}
	var b strings.Builder
	b.WriteString("curl ")
	if strings.HasPrefix(u, "-") {
		b.WriteString("--url ") // or it would read as an option
	}
	b.WriteString(ShellQuote(u))
	for _, o := range c.opts {
		b.WriteString(" \\\n  ")
		b.WriteString(o)
	}
	return r.finishExport(showSecrets, b.String())
}

// curlCommand gathers a curl command's options, one a line.
type curlCommand struct{ opts []string }

// add appends flag with its values, each quoted for the shell.
func (c *curlCommand) add(flag string, v ...string) {
	s := flag
	for _, x := range v {
		s += " " + ShellQuote(x)
	}
	c.opts = append(c.opts, s)
}

// curlMethod says the method only when curl would not pick it itself.
func (r Request) curlMethod(c *curlCommand) {
	method := strings.TrimSpace(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	def := http.MethodGet
	if r.Body != "" {
		def = http.MethodPost
	}
	if method != def {
		c.add("-X", method)
	}
}

// curlHeaders are the headers as typed, but for the Content-Type that
// -F fields imply.
func (r Request) curlHeaders(c *curlCommand, isForm, showSecrets bool) {
	origin := strings.TrimSpace(r.Origin)
	acceptOff := !HasHeader(onHeaders(r.Headers), "Accept")
	for _, h := range r.Headers {
		if acceptOff && h.Off && strings.EqualFold(h.Name, "Accept") {
			c.add("-H", "Accept:") // authlens sends none, and curl would send */*
			acceptOff = false
			continue
		}
		if h.Off || origin != "" && strings.EqualFold(h.Name, "Origin") {
			continue // Prepare sends r.Origin in its place
		}
		if strings.EqualFold(h.Name, "Content-Type") && isForm && h.Value == "multipart/form-data; boundary="+formBoundary {
			continue
		}
		v := h.Value
		if !showSecrets && r.secretHeaderIn(h.Name) {
			v = maskHeaderValue(h.Name, v)
		}
		if v == "" {
			c.add("-H", h.Name+";")
		} else {
			c.add("-H", h.Name+": "+v)
		}
	}
	if origin != "" {
		c.add("-H", "Origin: "+origin)
	}
}

// curlTLS is the client certificate, the CAs and the .netrc file.
func (r Request) curlTLS(c *curlCommand, secret func(string) string) {
	if r.Auth.PresentsCert() {
		cert := strings.ReplaceAll(r.Auth.CertFile, ":", `\:`)
		if r.Auth.CertPassword != "" {
			cert += ":" + secret(r.Auth.CertPassword)
		}
		c.add("--cert", cert)
		if r.Auth.KeyFile != "" {
			c.add("--key", r.Auth.KeyFile)
		}
	}
	if r.CACert != "" {
		c.add("--cacert", r.CACert)
	}
	if r.CAPath != "" {
		c.add("--capath", r.CAPath)
	}
	switch {
	case r.Netrc == DefaultNetrc && r.NetrcOptional:
		c.add("--netrc-optional")
	case r.Netrc == DefaultNetrc:
		c.add("--netrc")
	case r.Netrc != "":
		c.add("--netrc-file", r.Netrc)
		if r.NetrcOptional {
			c.add("--netrc-optional")
		}
	}
}

// curlBody is the body as -F fields when it was built from them, as
// --data-raw otherwise.
func (r Request) curlBody(c *curlCommand, fields []formField, isForm, showSecrets bool) {
	switch {
	case isForm:
		for _, f := range fields {
			if !showSecrets && SecretParam(f.name) {
				f.value = Mask(f.value)
			}
			c.addFormField(f)
		}
	case r.Body != "":
		if !HasHeader(onHeaders(r.Headers), "Content-Type") {
			c.add("-H", "Content-Type:") // or curl would add a form's
		}
		body := r.Body
		if !showSecrets {
			body = redactBodyFor(body, headerValue(r.Headers, "Content-Type"))
		}
		c.add("--data-raw", body)
	}
}

func (c *curlCommand) addFormField(f formField) {
	switch {
	case f.ctype != "" || f.filename != "":
		v := f.name + "=" + formQuote(f.value)
		if f.ctype != "" {
			v += ";type=" + f.ctype
		}
		if f.filename != "" {
			v += ";filename=" + formQuote(f.filename)
		}
		c.add("-F", v)
	case formNeedsQuote(f.value):
		c.add("--form-string", f.name+"="+f.value)
	default:
		c.add("-F", f.name+"="+f.value)
	}
}

// curlTransport is how the request travels: TLS checks, proxy, time
// limit, compression and redirects.
func (r Request) curlTransport(c *curlCommand, showSecrets bool) {
	if r.Insecure {
		c.add("-k")
	}
	if r.Proxy != "" {
		p := r.Proxy
		if !showSecrets {
			p = RedactURL(p)
		}
		c.add("-x", p)
	}
	if r.Timeout > 0 {
		c.add("-m", strconv.FormatFloat(r.Timeout.Seconds(), 'f', -1, 64))
	}
	if r.Compressed {
		c.add("--compressed")
	}
	if r.NoRedirects {
		c.add("--no-location")
	} else {
		c.add("-L")
	}
}

// formFields recovers the fields of a body built from -F, so the export
// shows them as -F again rather than as an opaque multipart blob.
func formFields(r Request) ([]formField, bool) {
	ct := ""
	for _, h := range r.Headers {
		if !h.Off && strings.EqualFold(h.Name, "Content-Type") {
			ct = h.Value
		}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "multipart/form-data" || params["boundary"] != formBoundary {
		return nil, false
	}
	mr := multipart.NewReader(strings.NewReader(r.Body), formBoundary)
	var fields []formField
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil || part.FormName() == "" || len(part.Header) > 2 {
			return nil, false
		}
		ctype := part.Header.Get("Content-Type")
		if len(part.Header) == 2 && !validFormType(ctype) {
			return nil, false // a type -F cannot say
		}
		v, err := io.ReadAll(part)
		if err != nil {
			return nil, false
		}
		fields = append(fields, formField{name: part.FormName(), value: string(v), ctype: ctype, filename: part.FileName()})
	}
	// Only when rebuilding gives the very same bytes is -F a faithful export.
	rebuilt, err := buildForm(fields)
	if err != nil || rebuilt != r.Body {
		return nil, false
	}
	return fields, true
}

// formNeedsQuote: -F would read the value as a file, as quoted, or cut it
// at a ;.
func formNeedsQuote(v string) bool {
	return strings.HasPrefix(v, "@") || strings.HasPrefix(v, "<") || strings.HasPrefix(v, `"`) ||
		strings.ContainsRune(v, ';') || strings.TrimSpace(v) != v
}

// formQuote writes a -F value or parameter in curl's double quotes when
// it needs them.
func formQuote(v string) string {
	if !formNeedsQuote(v) {
		return v
	}
	return `"` + quoteEscaper.Replace(v) + `"`
}

// onHeaders are the headers of hs that are on.
func onHeaders(hs []Header) []Header {
	var on []Header
	for _, h := range hs {
		if !h.Off {
			on = append(on, h)
		}
	}
	return on
}
