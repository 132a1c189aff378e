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
	var opts []string
	add := func(flag string, v ...string) {
		s := flag
		for _, x := range v {
			s += " " + ShellQuote(x)
		}
		opts = append(opts, s)
	}

	method := strings.TrimSpace(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	def := http.MethodGet
	if r.Body != "" {
		def = http.MethodPost
	}
	if method != def {
		add("-X", method)
	}

	u := r.URL
	if !showSecrets {
		u = RedactURL(u)
	}

	fields, isForm := formFields(r)
	contentType := ""
	origin := strings.TrimSpace(r.Origin)
	acceptOff := !HasHeader(onHeaders(r.Headers), "Accept")
	for _, h := range r.Headers {
		if acceptOff && h.Off && strings.EqualFold(h.Name, "Accept") {
			add("-H", "Accept:") // authlens sends none, and curl would send */*
			acceptOff = false
			continue
		}
		if h.Off || origin != "" && strings.EqualFold(h.Name, "Origin") {
			continue // Prepare sends r.Origin in its place
		}
		if strings.EqualFold(h.Name, "Content-Type") {
			contentType = h.Value
			if isForm && h.Value == "multipart/form-data; boundary="+formBoundary {
				continue
			}
		}
		v := h.Value
		if !showSecrets && r.secretHeaderIn(h.Name) {
			v = maskHeaderValue(h.Name, v)
		}
		if v == "" {
			add("-H", h.Name+";")
		} else {
			add("-H", h.Name+": "+v)
		}
	}
	if origin != "" {
		add("-H", "Origin: "+origin)
	}

	secret := func(s string) string { return maskUnless(showSecrets, s) }
	r.Auth.Scheme.rules().curl(r.Auth, secret, add)

	if r.Auth.PresentsCert() {
		cert := strings.ReplaceAll(r.Auth.CertFile, ":", `\:`)
		if r.Auth.CertPassword != "" {
			cert += ":" + secret(r.Auth.CertPassword)
		}
		add("--cert", cert)
		if r.Auth.KeyFile != "" {
			add("--key", r.Auth.KeyFile)
		}
	}
	if r.CACert != "" {
		add("--cacert", r.CACert)
	}
	if r.CAPath != "" {
		add("--capath", r.CAPath)
	}
	switch {
	case r.Netrc == DefaultNetrc && r.NetrcOptional:
		add("--netrc-optional")
	case r.Netrc == DefaultNetrc:
		add("--netrc")
	case r.Netrc != "":
		add("--netrc-file", r.Netrc)
		if r.NetrcOptional {
			add("--netrc-optional")
		}
	}

	switch {
	case isForm:
		for _, f := range fields {
			if !showSecrets && SecretParam(f.name) {
				f.value = Mask(f.value)
			}
			switch {
			case f.ctype != "" || f.filename != "":
				v := f.name + "=" + formQuote(f.value)
				if f.ctype != "" {
					v += ";type=" + f.ctype
				}
				if f.filename != "" {
					v += ";filename=" + formQuote(f.filename)
				}
				add("-F", v)
			case formNeedsQuote(f.value):
				add("--form-string", f.name+"="+f.value)
			default:
				add("-F", f.name+"="+f.value)
			}
		}
	case r.Body != "":
		if !HasHeader(onHeaders(r.Headers), "Content-Type") {
			add("-H", "Content-Type:") // or curl would add a form's
		}
		body := r.Body
		if !showSecrets {
			body = redactBodyFor(body, contentType)
		}
		add("--data-raw", body)
	}

	if r.Insecure {
		add("-k")
	}
	if r.Proxy != "" {
		p := r.Proxy
		if !showSecrets {
			p = RedactURL(p)
		}
		add("-x", p)
	}
	if r.Timeout > 0 {
		add("-m", strconv.FormatFloat(r.Timeout.Seconds(), 'f', -1, 64))
	}
	if r.Compressed {
		add("--compressed")
	}
	if r.NoRedirects {
		add("--no-location")
	} else {
		add("-L")
	}

	var b strings.Builder
	b.WriteString("curl ")
	if strings.HasPrefix(u, "-") {
		b.WriteString("--url ") // or it would read as an option
	}
	b.WriteString(ShellQuote(u))
	for _, o := range opts {
		b.WriteString(" \\\n  ")
		b.WriteString(o)
	}
	return r.finishExport(showSecrets, b.String())
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
