package request

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/theory/jsonpath"
)

// HTTPFile is a .http file read once. Each request in it is resolved on
// its own, when it is loaded, so a value one request lacks blocks only
// that request.
type HTTPFile struct {
	Path    string
	Entries []HTTPEntry
	raws    []rawRequest
	vars    map[string]string
	varLine map[string]int
	opts    HTTPOptions
	dir     string   // where "< ./file" bodies are read from; "" reads none
	urls    []string // each entry's URL before masking
	// The first request of each name, and the first whose script sets
	// each variable: found once, so a file of many requests stays linear.
	firstNamed  map[string]int
	firstScript map[string]int
}

// HTTPEntry is what the request list shows of one request.
type HTTPEntry struct {
	Name   string `json:"name,omitempty"`
	Title  string `json:"title,omitempty"`
	Line   int    `json:"line"`
	Method string `json:"method"`
	// URL is resolved as far as it can be: names with no value stay as
	// {{name}}, and secrets are masked.
	URL string `json:"url"`
	// Missing are the names nothing in the file or environment gives a
	// value; loading the request asks for them.
	Missing []string `json:"missing,omitempty"`
	Prompts []Prompt `json:"prompts,omitempty"`
	// Needs are earlier requests whose responses this one uses.
	Needs          []string `json:"needs,omitempty"`
	ScriptsSkipped bool     `json:"scripts_skipped,omitempty"`
	Notes          []string `json:"notes,omitempty"`
	// Problem keeps the request from loading at all.
	Problem string `json:"problem,omitempty"`
}

// Label is the request's name, or its method and URL.
func (e HTTPEntry) Label() string {
	if e.Name != "" {
		return e.Name
	}
	return e.Method + " " + e.URL
}

// Values are what loading one request may use besides the file.
type Values struct {
	// Given are the values the user typed for prompts and missing names.
	Given map[string]string
	// Responses finds the latest exchange of a named request, from the
	// session's history; nil when there is none.
	Responses func(name string) (Exchange, bool)
}

// Resolved is a request ready to send, and the values in it that are
// masked on screen like credentials.
type Resolved struct {
	Request Request
	Secrets []string
}

// MissingError lists the values a request still needs.
type MissingError struct {
	Label string
	Names []string
}

func (e *MissingError) Error() string {
	names := make([]string, len(e.Names))
	for i, n := range e.Names {
		names[i] = "{{" + n + "}}"
	}
	return fmt.Sprintf("%s needs a value for %s", e.Label, strings.Join(names, ", "))
}

// OpenHTTPFile reads a .http file and the environment envName (empty:
// none) from http-client.env.json and http-client.private.env.json next
// to it. Only reading those files fails; a request that cannot be
// resolved says so in its entry.
func OpenHTTPFile(path, envName string) (*HTTPFile, error) {
	src, err := ReadFileCapped(path, MaxHTTPFile, "a .http file")
	if err != nil {
		return nil, err
	}
	env, err := LoadHTTPEnv(filepath.Dir(path), envName)
	if err != nil {
		return nil, err
	}
	// $processEnv reads the environment: this is the user's own file.
	return OpenHTTP(path, string(src), HTTPOptions{Env: env, LookupEnv: os.LookupEnv}, filepath.Dir(path)), nil
}

// OpenHTTP parses .http text. dir is where "< ./file" bodies are read
// from; empty refuses them.
func OpenHTTP(file, src string, opts HTTPOptions, dir string) *HTTPFile {
	f := parseHTTPText(file, src, opts)
	f.dir = dir
	f.survey()
	return f
}

func parseHTTPText(file, src string, opts HTTPOptions) *HTTPFile {
	raws, vars, varLine := parseBlocks(file, src)
	f := &HTTPFile{Path: file, raws: raws, vars: vars, varLine: varLine, opts: opts,
		firstNamed: map[string]int{}, firstScript: map[string]int{}}
	f.Entries = make([]HTTPEntry, len(raws))
	for i, rr := range raws {
		if _, ok := f.firstNamed[rr.name]; !ok && rr.name != "" {
			f.firstNamed[rr.name] = i
		}
		for _, v := range rr.scriptVars {
			if _, ok := f.firstScript[v]; !ok {
				f.firstScript[v] = i
			}
		}
		f.Entries[i] = HTTPEntry{Name: rr.name, Title: rr.title, Line: rr.line, Method: rr.method, URL: rr.url,
			Prompts: rr.prompts, ScriptsSkipped: rr.scripts}
	}
	return f
}

// survey fills in what each entry lacks, without reading body files or
// sending anything.
func (f *HTTPFile) survey() {
	for i := range f.Entries {
		e := &f.Entries[i]
		var missing []string
		r, err := f.build(i, Values{}, &missing, true)
		if p := f.raws[i].problem; p != nil {
			err = p
		}
		if err != nil {
			e.Problem = err.Error()
			var fe *FileError
			if errors.As(err, &fe) {
				e.Problem = fmt.Sprintf("line %d: %s", fe.Line, cutText(fe.Msg, maxErrorText))
			}
		}
		if r.Request.URL != "" {
			e.URL = maskIn(RedactURL(r.Request.URL), r.Secrets)
		}
		f.urls = append(f.urls, cmp.Or(r.Request.URL, e.URL))
		if r.Request.Method != "" {
			e.Method = r.Request.Method
		}
		for _, p := range e.Prompts {
			missing = slices.DeleteFunc(missing, func(n string) bool { return n == p.Name })
		}
		e.Missing = missing
		for _, n := range missing {
			if req, _, ok := strings.Cut(n, ".response."); ok && f.namedBefore(i)(req) && !slices.Contains(e.Needs, req) {
				e.Needs = append(e.Needs, req)
			}
			if j, ok := f.firstScript[n]; ok && j < i {
				e.Notes = append(e.Notes, fmt.Sprintf("{{%s}} is set by a response script of %s (line %d), which authlens does not run", n, f.Entries[j].Label(), f.Entries[j].Line))
			}
		}
		if e.ScriptsSkipped {
			e.Notes = append(e.Notes, "its scripts are not run")
		}
	}
}

// RevealURLs shows the entries' URLs with their secrets, for
// --show-secrets.
func (f *HTTPFile) RevealURLs() {
	for i := range f.Entries {
		if i < len(f.urls) {
			f.Entries[i].URL = f.urls[i]
		}
	}
}

// maskIn masks each secret where it appears in s.
func maskIn(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, Mask(v))
		}
	}
	return s
}

// namedBefore says whether a request above entry i has the name.
func (f *HTTPFile) namedBefore(i int) func(string) bool {
	return func(name string) bool {
		j, ok := f.firstNamed[name]
		return ok && j < i
	}
}

// Find is the index of the request named name, or -1.
func (f *HTTPFile) Find(name string) int {
	for i, e := range f.Entries {
		if e.Name == name {
			return i
		}
	}
	return -1
}

// Ask lists what loading entry i needs the user to type: its prompts,
// then every name nothing else gives a value (a response not yet
// received among them).
func (f *HTTPFile) Ask(i int, v Values) []Prompt {
	if i < 0 || i >= len(f.Entries) || f.Entries[i].Problem != "" {
		return nil
	}
	out := slices.Clone(f.Entries[i].Prompts)
	var missing []string
	if _, err := f.build(i, v, &missing, true); err != nil {
		return out
	}
	for _, n := range missing {
		if slices.ContainsFunc(out, func(p Prompt) bool { return p.Name == n }) {
			continue
		}
		p := Prompt{Name: n, Secret: secretName(n)}
		if req, _, ok := strings.Cut(n, ".response."); ok && f.namedBefore(i)(req) {
			p.Description = "from the response of " + req + ", which has not been sent"
			p.Secret = true
		}
		out = append(out, p)
	}
	return out
}

// Resolve builds entry i with v. A name still without a value is a
// *MissingError; nothing is sent.
func (f *HTTPFile) Resolve(i int, v Values) (Resolved, error) {
	if i < 0 || i >= len(f.Entries) {
		return Resolved{}, fmt.Errorf("%s has no request %d", f.Path, i+1)
	}
	if p := f.raws[i].problem; p != nil {
		return Resolved{}, p
	}
	var missing []string
	r, err := f.build(i, v, &missing, false)
	for _, p := range f.Entries[i].Prompts {
		if _, ok := v.Given[p.Name]; !ok && !slices.Contains(missing, p.Name) {
			missing = append(missing, p.Name)
		}
	}
	if len(missing) > 0 {
		return Resolved{}, &MissingError{Label: f.Entries[i].Label(), Names: missing}
	}
	return r, err
}

// build resolves entry i. With missing set, names with no value are
// collected there and left as written; dry skips reading body files.
func (f *HTTPFile) build(i int, v Values, missing *[]string, dry bool) (Resolved, error) {
	rr := f.raws[i]
	var secrets []string
	res := &resolver{file: f.Path, vars: f.vars, varLine: f.varLine, opts: f.opts, given: v.Given,
		responses: v.Responses, names: f.namedBefore(i), missing: missing, secrets: &secrets, keepDynamic: dry && v.Given == nil && v.Responses == nil}
	fail := func(line int, format string, a ...any) error {
		return &FileError{File: f.Path, Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	out := Resolved{}
	partial := func(r Request, err error) (Resolved, error) {
		out.Request, out.Secrets = r, secrets
		return out, err
	}
	method := rr.method
	graphql := method == "GRAPHQL"
	if graphql {
		method = "POST"
	}
	r := Request{Method: method, NoRedirects: rr.noRedirect}
	u, err := res.expand(rr.url, rr.line)
	if err != nil {
		return partial(r, err)
	}
	r.URL = encodeQuerySpaces(u)
	// Text still holding a {{name}} is checked once the name has a value.
	unresolved := func(s string) bool {
		return strings.Contains(s, "{{") && (res.keepDynamic || missing != nil && len(*missing) > 0)
	}
	var host string
	for _, h := range rr.headers {
		val, err := res.expand(h.value, h.line)
		if err != nil {
			return partial(r, err)
		}
		name, err := res.expand(h.name, h.line)
		if err != nil {
			return partial(r, err)
		}
		if unresolved(name + val) {
			r.Headers = append(r.Headers, Header{Name: name, Value: val})
			continue // checked once its values are known
		}
		if err := ValidateHeader(name, val); err != nil {
			return partial(r, fail(h.line, "%v", err))
		}
		if strings.EqualFold(name, "Host") && strings.HasPrefix(r.URL, "/") {
			host = val // it names where a relative URL goes
			continue
		}
		r.Headers = append(r.Headers, Header{Name: name, Value: val})
	}
	if strings.HasPrefix(r.URL, "/") {
		if host == "" {
			return partial(r, fail(rr.line, "the URL %q is relative: give the host in a Host: header or write the whole URL", r.URL))
		}
		scheme := "http://"
		if strings.HasSuffix(host, ":443") {
			scheme = "https://"
		}
		r.URL = scheme + host + r.URL
	}
	waiting := missing != nil && len(*missing) > 0 || res.keepDynamic
	if !unresolved(r.URL) {
		if _, err := ParseURL(r.URL); err != nil {
			return partial(r, fail(rr.line, "%v", err))
		}
	}
	if r.Body, err = f.body(res, rr, dry); err != nil {
		return partial(r, err)
	}
	ct := headerValue(r.Headers, "Content-Type")
	switch {
	case graphql:
		if r.Body, err = graphQLBody(r.Body); err != nil {
			return partial(r, fail(rr.bodyLine, "%v", err))
		}
		if ct == "" {
			r.Headers = append(r.Headers, Header{Name: "Content-Type", Value: "application/json"})
		}
	case strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/x-www-form-urlencoded"):
		r.Body = joinFormBody(r.Body)
	}
	if len(r.Headers) == 0 {
		r.Headers = nil
	}
	r = liftHTTPFileAuth(r)
	if !waiting {
		if err := validateParsed(r); err != nil {
			return partial(r, fail(rr.line, "%v", err))
		}
	}
	return partial(r, nil)
}

// body expands the body's text and reads "< path" (as it is) and
// "<@ path" (with its variables) lines from files next to the .http file.
func (f *HTTPFile) body(res *resolver, rr rawRequest, dry bool) (string, error) {
	lines := strings.Split(rr.body, "\n")
	var out, text []string
	textLine := rr.bodyLine
	flush := func(next int) error {
		if len(text) > 0 {
			v, err := res.expand(strings.Join(text, "\n"), textLine)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		text, textLine = nil, next
		return nil
	}
	for n, l := range lines {
		t := strings.TrimSpace(l)
		raw := strings.HasPrefix(t, "< ")
		withVars := strings.HasPrefix(t, "<@")
		if !raw && !withVars {
			text = append(text, l)
			continue
		}
		line := rr.bodyLine + n
		if err := flush(line + 1); err != nil {
			return "", err
		}
		name := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "<@"), "<"))
		if withVars {
			// "<@latin1 ./file" names an encoding; only UTF-8 is read.
			if enc, rest, ok := strings.Cut(name, " "); ok && !strings.HasPrefix(enc, ".") && !strings.ContainsAny(enc, "/\\") {
				name = strings.TrimSpace(rest)
			}
		}
		if f.dir == "" {
			return "", &FileError{File: f.Path, Line: line, Msg: fmt.Sprintf("a body read from a file (%q) needs the .http file to be opened from disk", t)}
		}
		if dry {
			continue
		}
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(f.dir, p)
		}
		b, err := ReadFileCapped(p, MaxHTTPFile, "a request body file")
		if err != nil {
			return "", &FileError{File: f.Path, Line: line, Msg: fmt.Sprintf("body file: %v", err)}
		}
		s := string(b)
		if withVars {
			if s, err = res.expand(s, line); err != nil {
				return "", err
			}
		}
		out = append(out, s)
	}
	if err := flush(0); err != nil {
		return "", err
	}
	return strings.Join(out, "\n"), nil
}

// encodeQuerySpaces sends a space in the query as %20, as the clients do.
// A {{name}} still waiting for its value is left as written.
func encodeQuerySpaces(u string) string {
	before, q, ok := strings.Cut(u, "?")
	if !ok {
		return u
	}
	var b strings.Builder
	for q != "" {
		i := strings.Index(q, "{{")
		j := -1
		if i >= 0 {
			j = strings.Index(q[i:], "}}")
		}
		if i < 0 || j < 0 {
			i, j = len(q), -2
		}
		b.WriteString(strings.NewReplacer(" ", "%20", "\t", "%09").Replace(q[:i]))
		if j < 0 {
			break
		}
		b.WriteString(q[i : i+j+2])
		q = q[i+j+2:]
	}
	return before + "?" + b.String()
}

// joinFormBody joins a form body written over several lines, trimming
// around = and &, as httpyac does.
func joinFormBody(body string) string {
	if !strings.Contains(body, "\n") && !strings.Contains(body, " ") {
		return body
	}
	var b strings.Builder
	for _, line := range strings.Split(body, "\n") {
		for k, amp := range strings.Split(line, "&") {
			if k > 0 {
				b.WriteByte('&')
			}
			for m, part := range strings.Split(amp, "=") {
				if m > 0 {
					b.WriteByte('=')
				}
				b.WriteString(strings.ReplaceAll(strings.TrimSpace(part), " ", "%20"))
			}
		}
	}
	return b.String()
}

// graphQLBody wraps a GRAPHQL request's query, and the JSON variables
// after a blank line, as the JSON object a GraphQL server takes.
func graphQLBody(body string) (string, error) {
	query, vars := body, ""
	if i := strings.Index(body, "\n\n"); i >= 0 {
		if rest := strings.TrimSpace(body[i:]); strings.HasPrefix(rest, "{") {
			query, vars = strings.TrimSpace(body[:i]), rest
		}
	}
	obj := map[string]any{"query": strings.TrimSpace(query)}
	if vars != "" {
		var v any
		if err := json.Unmarshal([]byte(vars), &v); err != nil {
			return "", fmt.Errorf("GraphQL variables are not JSON: %v", err)
		}
		obj["variables"] = v
	}
	b, err := json.Marshal(obj)
	return string(b), err
}

// fromResponse reads {{req.response.body.$.path}} or
// {{req.response.headers.Name}} from the latest exchange of req. The
// value is data from a server: it is used as it came, never expanded.
func (res *resolver) fromResponse(name, req, ref string, fail, missing func(string, ...any) error) (string, error) {
	var x Exchange
	ok := false
	if res.responses != nil {
		x, ok = res.responses(req)
	}
	if !ok || x.Response == nil {
		return "", missing("{{%s}} comes from the response of %s: send %s first", name, req, req)
	}
	var v string
	secret := false
	switch {
	case ref == "body" || ref == "body.*":
		v = x.Response.Body
	case strings.HasPrefix(ref, "body."):
		path := strings.TrimPrefix(ref, "body.")
		if !strings.HasPrefix(path, "$") {
			return "", fail("{{%s}}: a response body is read with JSONPath, such as body.$.access_token", name)
		}
		p, err := jsonpath.Parse(path)
		if err != nil {
			return "", fail("{{%s}}: %v", name, err)
		}
		var doc any
		dec := json.NewDecoder(strings.NewReader(x.Response.Body))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return "", fail("{{%s}}: the response of %s is not JSON", name, req)
		}
		nodes := p.Select(doc)
		if len(nodes) == 0 {
			return "", fail("{{%s}}: the response of %s has nothing at %s", name, req, path)
		}
		if s, ok := nodes[0].(string); ok {
			v = s
		} else {
			b, _ := json.Marshal(nodes[0])
			v = string(b)
		}
		last := path[strings.LastIndexAny(path, ".[")+1:]
		secret = SecretParam(strings.Trim(last, "'\"]"))
	case strings.HasPrefix(ref, "headers."):
		h := strings.TrimPrefix(ref, "headers.")
		vals := x.Response.Headers.Values(h)
		if len(vals) == 0 {
			return "", fail("{{%s}}: the response of %s has no %s header", name, req, h)
		}
		if strings.EqualFold(h, "Set-Cookie") {
			// As a Cookie header takes them: name=value pairs.
			for i, c := range vals {
				vals[i], _, _ = strings.Cut(c, ";")
			}
			v = strings.Join(vals, "; ")
		} else {
			v = strings.Join(vals, ", ")
		}
		secret = SecretHeader(h)
	default:
		return "", fail("{{%s}}: write %s.response.body.$.path or %s.response.headers.Name", name, req, req)
	}
	if secret {
		res.noteSecret(v)
	}
	return v, nil
}

// secretName says whether a variable's name marks its value a secret.
func secretName(name string) bool {
	n := name
	if i := strings.LastIndexAny(n, ".$"); i >= 0 {
		n = n[i+1:]
	}
	return SecretParam(n) || SecretHeader(n)
}

// ListText is the request list as authlens list prints it: one line per
// request (line, name, method and URL), then what keeps it from loading.
func (f *HTTPFile) ListText() string {
	var b strings.Builder
	if len(f.Entries) == 0 {
		b.WriteString("no requests\n")
	}
	for _, e := range f.Entries {
		label := e.Method + " " + e.URL
		if e.Name != "" {
			label = e.Name + " · " + label
		}
		fmt.Fprintf(&b, "%5d  %s\n", e.Line, label)
		detail := func(what, text string) { fmt.Fprintf(&b, "         %s: %s\n", what, text) }
		if e.Problem != "" {
			detail("problem", e.Problem)
		}
		if len(e.Prompts) > 0 {
			var names []string
			for _, p := range e.Prompts {
				names = append(names, p.Name)
			}
			detail("asks", strings.Join(names, ", "))
		}
		if len(e.Missing) > 0 {
			var names []string
			for _, n := range e.Missing {
				names = append(names, "{{"+n+"}}")
			}
			detail("missing", strings.Join(names, ", "))
		}
		if len(e.Needs) > 0 {
			detail("needs the response of", strings.Join(e.Needs, ", "))
		}
		for _, n := range e.Notes {
			detail("note", n)
		}
	}
	return b.String()
}
