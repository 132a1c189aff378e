package request

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// NamedRequest is one request of a .http file.
type NamedRequest struct {
	Name    string  `json:"name,omitempty"`  // from "# @name", else empty
	Title   string  `json:"title,omitempty"` // text after "###"
	Line    int     `json:"line"`            // line of the request line, 1-based
	Request Request `json:"request"`
}

// FileError is a problem at a place in a file; it prints as file:line: msg
// so editors can jump to it.
type FileError struct {
	File string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	// A message may quote the line, and a line of a large file can be
	// megabytes long: keep the error to something a terminal shows.
	msg := cutText(e.Msg, maxErrorText)
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
}

// HTTPOptions tells ParseHTTP where variables come from besides the file's
// own "@name = value" lines.
type HTTPOptions struct {
	Env map[string]string // the selected environment; file variables win over it
	// LookupEnv resolves {{$processEnv NAME}} and {{$env.NAME}}; nil means
	// no process environment, which keeps parsing pure.
	LookupEnv func(string) (string, bool)
	// PlainFromProcess lets a plain {{NAME}} with no other definition read
	// LookupEnv too, for requests typed outside a .http file.
	PlainFromProcess bool
	Now              func() time.Time // for {{$timestamp}}; nil means time.Now
	// Auth are the environment's Security.Auth configurations, by id,
	// for {{$auth.token("id")}}.
	Auth map[string]map[string]any
}

// ParseHTTPFile reads a .http file and, next to it, http-client.env.json and
// http-client.private.env.json for the environment envName (empty: none).
// {{$processEnv NAME}} reads the process environment.
func ParseHTTPFile(path, envName string) ([]NamedRequest, error) {
	f, err := OpenHTTPFile(path, envName)
	if err != nil {
		return nil, err
	}
	return f.All()
}

// LoadHTTPEnv merges, later winning: the "$shared" section of
// http-client.env.json, then of http-client.private.env.json, then the
// envName section of each. Keys that are not sections ("$schema") are
// skipped. Missing files are fine; an unknown envName is an error.
func LoadHTTPEnv(dir, envName string) (map[string]string, error) {
	files, err := readEnvFiles(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	found := envName == ""
	for _, section := range []string{"$shared", envName} {
		for _, file := range files {
			raw, ok := file.envs[section]
			if !ok || section == "" {
				continue
			}
			var vars map[string]any
			if json.Unmarshal(raw, &vars) != nil {
				continue // not a section
			}
			if section == envName {
				found = true
			}
			for k, v := range vars {
				switch v := v.(type) {
				case string:
					out[k] = v
				case float64, bool:
					out[k] = fmt.Sprint(v)
				case map[string]any, []any:
					b, _ := json.Marshal(v)
					out[k] = string(b)
				}
			}
		}
	}
	if !found {
		return nil, fmt.Errorf("environment %q is not defined in %s (it has %s)", envName, filepath.Join(dir, "http-client.env.json"), envNames(files))
	}
	return out, nil
}

// readEnvFiles reads http-client.env.json and then
// http-client.private.env.json from dir; a missing one is skipped.
func readEnvFiles(dir string) ([]envFile, error) {
	var files []envFile
	for _, name := range []string{"http-client.env.json", PrivateEnvFile} {
		path := filepath.Join(dir, name)
		b, err := ReadFileCapped(path, MaxHTTPFile, "an environment file")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
		var envs map[string]json.RawMessage
		if err := json.Unmarshal(b, &envs); err != nil {
			// Point at the line, as .http errors do.
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
				return nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		files = append(files, envFile{name: name, envs: envs})
	}
	return files, nil
}

// PrivateEnvFile holds a user's own values, kept out of version control.
const PrivateEnvFile = "http-client.private.env.json"

// envFile is one environment file's sections by name.
type envFile struct {
	name string
	envs map[string]json.RawMessage
}

// envNames lists the environments the files define.
func envNames(files []envFile) string {
	var names []string
	for _, file := range files {
		for k, raw := range file.envs {
			var m map[string]any
			if !strings.HasPrefix(k, "$") && json.Unmarshal(raw, &m) == nil && !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	if len(names) == 0 {
		return "none"
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// EnvNames lists the environments defined next to a .http file.
func EnvNames(dir string) []string {
	var files []envFile
	for _, name := range []string{"http-client.env.json", PrivateEnvFile} {
		b, err := ReadFileCapped(filepath.Join(dir, name), MaxHTTPFile, "an environment file")
		var envs map[string]json.RawMessage
		if err == nil && json.Unmarshal(bytes.TrimPrefix(b, []byte("\ufeff")), &envs) == nil {
			files = append(files, envFile{name: name, envs: envs})
		}
	}
	if s := envNames(files); s != "none" {
		return strings.Split(s, ", ")
	}
	return nil
}

type rawHeader struct {
	name, value string
	line        int
}

type rawRequest struct {
	title, name string
	method, url string
	line        int
	headers     []rawHeader
	body        string
	bodyLine    int
	noRedirect  bool
	prompts     []Prompt
	// scripts: the block has handler or pre-request scripts, which are
	// not run; scriptVars are the variables they would set.
	scripts    bool
	scriptVars []string
	// problem keeps this request from loading; the others still do.
	problem *FileError
}

// Prompt is a "# @prompt name [description]" line: a value asked for when
// the request is loaded.
type Prompt struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Secret      bool   `json:"secret,omitempty"`
}

// ParseHTTP parses .http text (JetBrains HTTP Client / VS Code REST
// Client / httpyac) and resolves every request; the first request that
// cannot be resolved is the error. file is used in error messages only.
// OpenHTTP resolves one request at a time instead.
func ParseHTTP(file, src string, opts HTTPOptions) ([]NamedRequest, error) {
	return parseHTTPText(file, src, opts).All()
}

// All resolves every request of f; the first that cannot be resolved is
// the error.
func (f *HTTPFile) All() ([]NamedRequest, error) {
	out := make([]NamedRequest, 0, len(f.Entries))
	for i, e := range f.Entries {
		if f.raws[i].problem != nil {
			return nil, f.raws[i].problem
		}
		r, err := f.build(i, Values{}, nil, nil, false)
		if err != nil {
			return nil, err
		}
		out = append(out, NamedRequest{Name: e.Name, Title: e.Title, Line: e.Line, Request: r.Request})
	}
	return out, nil
}

// scriptSets finds the names a JavaScript handler stores for later
// requests (client.global.set("name", …)).
var scriptSets = regexp.MustCompile("client\\.global\\.set\\(\\s*[\"'`]([^\"'`]+)[\"'`]")

// parseBlocks splits .http text into requests and the file's variables.
// A problem in one request is kept on that request.
func parseBlocks(file, src string) (raws []rawRequest, vars map[string]string, varLine map[string]int) {
	src = strings.TrimPrefix(src, "\ufeff")
	p := &blockParser{
		file:    file,
		lines:   strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n"),
		vars:    map[string]string{},
		varLine: map[string]int{},
	}
	for p.i < len(p.lines) {
		if cur, ok := p.block(); ok {
			raws = append(raws, cur)
		}
		p.i = p.end
	}
	return raws, p.vars, p.varLine
}

// blockParser reads a .http file one block (up to the next ### line) at
// a time; i is the line it is at, end the line that ends the block.
type blockParser struct {
	file    string
	lines   []string
	i, end  int
	cur     rawRequest
	vars    map[string]string
	varLine map[string]int
}

func (p *blockParser) fail(line int, format string, a ...any) *FileError {
	return &FileError{File: p.file, Line: line, Msg: fmt.Sprintf(format, a...)}
}

// block reads the block at p.i, and whether it holds a request rather
// than only comments and variables.
func (p *blockParser) block() (rawRequest, bool) {
	p.cur = rawRequest{}
	if t, ok := strings.CutPrefix(strings.TrimSpace(p.lines[p.i]), "###"); ok {
		p.cur.title = strings.TrimSpace(t)
		p.i++
	}
	p.end = p.i
	for p.end < len(p.lines) && !strings.HasPrefix(strings.TrimSpace(p.lines[p.end]), "###") {
		p.end++
	}
	badVar := p.prelude()
	if p.i >= p.end {
		return rawRequest{}, false
	}
	p.cur.problem = badVar
	p.requestLine()
	p.headers()
	p.body()
	return p.cur, true
}

// prelude reads what comes before the request line: blanks, comments,
// directives, variables, pre-request scripts. It gives the first bad
// variable definition.
func (p *blockParser) prelude() *FileError {
	var badVar *FileError
	for ; p.i < p.end; p.i++ {
		t := strings.TrimSpace(p.lines[p.i])
		switch {
		case t == "":
		case p.directive(t):
		case strings.HasPrefix(t, "< {%"):
			p.skipScript()
		case strings.HasPrefix(t, "< ") && strings.HasSuffix(t, ".js"):
			p.cur.scripts = true
		case strings.HasPrefix(t, "@"):
			if err := p.variable(t); err != nil && badVar == nil {
				badVar = err
			}
		default:
			return badVar
		}
	}
	return badVar
}

// directive reads a comment line, and the @name, @no-redirect and
// @prompt it may hold; false when t is not a comment.
func (p *blockParser) directive(t string) bool {
	c, ok := commentText(t)
	if !ok {
		return false
	}
	if n, ok := directive(c, "@name"); ok {
		p.cur.name = strings.TrimSpace(strings.TrimPrefix(n, "="))
	} else if c == "@no-redirect" {
		p.cur.noRedirect = true
	} else if n, ok := directive(c, "@prompt"); ok && n != "" {
		name, desc, _ := strings.Cut(n, " ")
		if validVarName(name) {
			p.cur.prompts = append(p.cur.prompts, Prompt{Name: name, Description: strings.TrimSpace(desc), Secret: secretName(name)})
		}
	}
	return true
}

// variable reads an @name = value line.
func (p *blockParser) variable(t string) *FileError {
	name, value, ok := strings.Cut(t[1:], "=")
	name = strings.TrimSpace(name)
	if !ok || !validVarName(name) {
		return p.fail(p.i+1, "variable definition %q: write it as @name = value", t)
	}
	p.vars[name] = strings.TrimSpace(value)
	p.varLine[name] = p.i + 1
	return nil
}

// skipScript passes over a script from "{%" to "%}", which may be on the
// same line, keeping the names it sets; p.i stays on its last line.
func (p *blockParser) skipScript() {
	p.cur.scripts = true
	var text strings.Builder
	for ; p.i < p.end; p.i++ {
		text.WriteString(p.lines[p.i] + "\n")
		if strings.Contains(p.lines[p.i], "%}") {
			break
		}
	}
	for _, m := range scriptSets.FindAllStringSubmatch(text.String(), -1) {
		p.cur.scriptVars = append(p.cur.scriptVars, m[1])
	}
}

// requestLine reads the request line, then the lines that continue its URL.
func (p *blockParser) requestLine() {
	p.cur.line = p.i + 1
	method, target, err := splitRequestLine(strings.TrimSpace(p.lines[p.i]))
	if err != nil && p.cur.problem == nil {
		p.cur.problem = p.fail(p.i+1, "%v", err)
	}
	p.cur.method, p.cur.url = method, target
	for p.i++; p.i < p.end; p.i++ {
		t := strings.TrimSpace(p.lines[p.i])
		indented := t != "" && t != p.lines[p.i] && t[0] == '/'
		if t == "" || (t[0] != '?' && t[0] != '&' && !indented) {
			break
		}
		p.cur.url += t
	}
}

// headers reads the headers, up to a blank line.
func (p *blockParser) headers() {
	for ; p.i < p.end; p.i++ {
		t := strings.TrimSpace(p.lines[p.i])
		if t == "" {
			p.i++
			return
		}
		if _, ok := commentText(t); ok {
			continue
		}
		name, value, ok := strings.Cut(t, ":")
		if !ok {
			if p.cur.problem == nil {
				p.cur.problem = p.fail(p.i+1, "expected a header \"Name: value\" or a blank line before the body, got %q", t)
			}
			continue
		}
		p.cur.headers = append(p.cur.headers, rawHeader{strings.TrimSpace(name), strings.TrimSpace(value), p.i + 1})
	}
}

// body reads the rest of the block, without comment lines and response
// handlers, as httpyac reads it.
func (p *blockParser) body() {
	var body []string
	p.cur.bodyLine = p.i + 1
	for ; p.i < p.end; p.i++ {
		t := strings.TrimSpace(p.lines[p.i])
		switch {
		case strings.HasPrefix(t, "> {%"):
			p.skipScript()
			continue
		case strings.HasPrefix(t, "> "):
			p.cur.scripts = true // a handler script in a file
			continue
		case strings.HasPrefix(t, ">>") || strings.HasPrefix(t, "<> "):
			continue
		}
		if _, ok := commentText(t); ok || len(body) == 0 && t == "" {
			if len(body) == 0 {
				p.cur.bodyLine++
			}
			continue
		}
		body = append(body, p.lines[p.i])
	}
	for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
		body = body[:len(body)-1]
	}
	p.cur.body = strings.Join(body, "\n")
}

// directive reads "@word rest" from a comment's text.
func directive(c, word string) (string, bool) {
	n, ok := strings.CutPrefix(c, word)
	if !ok || n != "" && n[0] != ' ' && n[0] != '=' && n[0] != '\t' {
		return "", false
	}
	return strings.TrimSpace(n), true
}

// commentText returns the text of a "#" or "//" comment line.
func commentText(t string) (string, bool) {
	if c, ok := strings.CutPrefix(t, "#"); ok {
		return strings.TrimSpace(c), true
	}
	if c, ok := strings.CutPrefix(t, "//"); ok {
		return strings.TrimSpace(c), true
	}
	return "", false
}

func validVarName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

var httpMethods = map[string]bool{
	"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true,
	"HEAD": true, "OPTIONS": true, "TRACE": true, "CONNECT": true,
}

// splitRequestLine reads "METHOD URL [HTTP/version]" or a bare URL (GET).
// Any upper-case token is a method (QUERY, PURGE, GRAPHQL). The URL may
// hold spaces inside {{…}} and in its query, whose values clients send
// with the spaces encoded.
func splitRequestLine(t string) (string, string, error) {
	method := "GET"
	rest := t
	if m, after, ok := strings.Cut(t, " "); ok && methodWord(m) {
		method, rest = m, strings.TrimSpace(after)
	} else if methodWord(t) && (httpMethods[t] || t == "GRAPHQL") {
		return "", "", fmt.Errorf("request line %q has no URL", t)
	}
	if i := strings.LastIndexAny(rest, " \t"); i >= 0 && strings.HasPrefix(rest[i+1:], "HTTP/") {
		rest = strings.TrimSpace(rest[:i])
	}
	if rest == "" {
		return "", "", fmt.Errorf("request line %q has no URL", t)
	}
	if before, _, _ := strings.Cut(stripTemplates(rest), "?"); strings.ContainsAny(before, " \t") {
		return "", "", fmt.Errorf("request line %q: expected METHOD URL [HTTP/version]", t)
	}
	return method, rest, nil
}

// methodWord is an upper-case token, which a host name never is.
func methodWord(s string) bool {
	if len(s) < 3 || !validToken(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func stripTemplates(s string) string {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+2:]
	}
}

// liftHTTPFileAuth applies the .http shorthands "Basic user:password",
// "Basic user password" and "Digest user password", then lifts a clean
// Bearer or Basic header as curl import does.
func liftHTTPFileAuth(r Request) Request {
	if i := slices.IndexFunc(r.Headers, func(h Header) bool { return strings.EqualFold(h.Name, "Authorization") }); i >= 0 {
		for _, sp := range schemes {
			if a, ok := sp.rules.fromHTTPFile(r.Headers[i].Value); ok {
				r.Auth = a
				r.Headers = append(r.Headers[:i:i], r.Headers[i+1:]...)
				if len(r.Headers) == 0 {
					r.Headers = nil
				}
				return r
			}
		}
	}
	r = liftAuthHeader(r)
	if len(r.Headers) == 0 {
		r.Headers = nil
	}
	return r
}

type resolver struct {
	steps   int // lookups so far: nested variables must not expand without bound
	file    string
	vars    map[string]string
	varLine map[string]int
	opts    HTTPOptions
	// given are values the user typed on load (prompts, missing names);
	// they win over the file's.
	given map[string]string
	// responses finds the exchange of an earlier named request; names
	// are the requests the file names before this one.
	responses func(name string) (Exchange, bool)
	names     func(name string) bool
	// missing, when set, collects names with no value instead of failing
	// on the first; each is left in the text as written.
	missing *[]string
	// secrets collects values that must be masked: read from the process
	// environment, typed for a secret name, taken from a response.
	secrets *[]string
	// keepDynamic leaves {{$uuid}}, {{$timestamp}} and the like as
	// written, for a list that shows the same text each time.
	keepDynamic bool
	// tokens are the OAuth 2 tokens got so far, by Security.Auth id;
	// needs, when set, collects the flows still to run.
	tokens map[string]Token
	needs  *[]TokenNeed
	// flows are the Security.Auth ids the request refers to.
	flows []string
}

// expand replaces {{name}} in s. Variables may refer to others; a cycle
// or an unknown name is an error at line (plus the newlines before it).
func (res *resolver) expand(s string, line int) (string, error) {
	res.steps = 0
	return res.expandDepth(s, line, 0)
}

func (res *resolver) expandDepth(s string, line, depth int) (string, error) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	if depth > 16 {
		return "", &FileError{File: res.file, Line: line, Msg: "variables refer to each other in a loop"}
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		at := line + strings.Count(s[:i], "\n")
		name := strings.TrimSpace(s[i+2 : i+2+j])
		v, err := res.lookup(name, at, depth)
		var me *missingError
		if errors.As(err, &me) && res.missing != nil {
			if !slices.Contains(*res.missing, me.name) {
				*res.missing = append(*res.missing, me.name)
			}
			v, err = s[i:i+4+j], nil
		}
		var ne *needTokenError
		if errors.As(err, &ne) && res.needs != nil {
			if !slices.ContainsFunc(*res.needs, func(n TokenNeed) bool { return n.ID == ne.need.ID }) {
				*res.needs = append(*res.needs, ne.need)
			}
			v, err = s[i:i+4+j], nil
		}
		if err != nil {
			return "", err
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		line += strings.Count(s[:i+4+j], "\n")
		s = s[i+4+j:]
	}
}

// missingError is a name with no value anywhere.
type missingError struct {
	name string
	err  error
}

func (e *missingError) Error() string { return e.err.Error() }
func (e *missingError) Unwrap() error { return e.err }

func (res *resolver) lookup(name string, line, depth int) (string, error) {
	fail := func(format string, a ...any) error {
		return &FileError{File: res.file, Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	missing := func(format string, a ...any) error {
		return &missingError{name: name, err: fail(format, a...)}
	}
	if res.steps++; res.steps > 10000 {
		return "", fail("variables expand too far (more than 10000 substitutions)")
	}
	if v, ok := res.given[name]; ok {
		// Typed by the user: used as typed, never expanded.
		if secretName(name) {
			res.noteSecret(v)
		}
		return v, nil
	}
	if strings.HasPrefix(name, "$") {
		if m := authRef.FindStringSubmatch(name); m != nil && !slices.Contains(res.flows, m[2]) {
			res.flows = append(res.flows, m[2])
		}
		if res.keepDynamic && !strings.HasPrefix(name, "$processEnv") && !strings.HasPrefix(name, "$env.") {
			return "{{" + name + "}}", nil
		}
		if strings.HasPrefix(name, "$auth.") {
			return res.authToken(name, line, depth, fail)
		}
		v, err := res.dynamic(name, fail)
		var fe *FileError
		if errors.As(err, &fe) && strings.Contains(fe.Msg, "is not set") {
			return "", &missingError{name: name, err: err}
		}
		return v, err
	}
	if req, ref, ok := strings.Cut(name, ".response."); ok && res.names != nil && res.names(req) {
		return res.fromResponse(name, req, ref, fail, missing)
	}
	if v, ok := res.vars[name]; ok {
		return res.expandDepth(v, res.varLine[name], depth+1)
	}
	if v, ok := res.opts.Env[name]; ok {
		return res.expandDepth(v, line, depth+1)
	}
	if res.opts.PlainFromProcess && res.opts.LookupEnv != nil {
		if v, ok := res.opts.LookupEnv(name); ok {
			res.noteEnv(v)
			return v, nil
		}
		return "", missing("variable {{%s}} is not set: export %s=… in the shell that starts authlens", name, name)
	}
	known := make([]string, 0, len(res.vars)+len(res.opts.Env))
	for k := range res.vars {
		known = append(known, k)
	}
	for k := range res.opts.Env {
		known = append(known, k)
	}
	sort.Strings(known)
	if len(known) == 0 {
		return "", missing("variable {{%s}} is not defined (no @%s = … line and no environment selected)", name, name)
	}
	return "", missing("variable {{%s}} is not defined; known: %s", name, strings.Join(known, ", "))
}

func (res *resolver) noteSecret(v string) {
	if res.secrets != nil && len(v) >= 4 {
		*res.secrets = append(*res.secrets, v)
	}
}

func (res *resolver) noteEnv(v string) {
	if maskableEnv(v) {
		res.noteSecret(v)
	}
}

// dynamic resolves the built-in {{$…}} variables both clients share.
func (res *resolver) dynamic(name string, fail func(string, ...any) error) (string, error) {
	fields := strings.Fields(name)
	switch {
	case fields[0] == "$processEnv" && len(fields) == 2, strings.HasPrefix(fields[0], "$env.") && len(fields) == 1:
		key := strings.TrimPrefix(fields[0], "$env.")
		if fields[0] == "$processEnv" {
			key = fields[1]
		}
		if res.opts.LookupEnv != nil {
			if v, ok := res.opts.LookupEnv(key); ok {
				res.noteEnv(v)
				return v, nil
			}
		}
		return "", fail("environment variable %s is not set", key)
	case fields[0] == "$timestamp":
		return strconv.FormatInt(res.now().Unix(), 10), nil
	case fields[0] == "$isoTimestamp":
		return res.now().UTC().Format(time.RFC3339), nil
	case fields[0] == "$uuid" || fields[0] == "$random.uuid":
		var u [16]byte
		_, _ = rand.Read(u[:])
		u[6] = u[6]&0x0f | 0x40
		u[8] = u[8]&0x3f | 0x80
		h := hex.EncodeToString(u[:])
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
	case fields[0] == "$randomInt":
		// {{$randomInt}} or {{$randomInt MIN MAX}} (MAX excluded).
		lo, hi := 0, 1<<16
		if len(fields) == 3 {
			a, err1 := strconv.Atoi(fields[1])
			b, err2 := strconv.Atoi(fields[2])
			if err1 != nil || err2 != nil || b <= a {
				return "", fail("{{%s}}: write {{$randomInt MIN MAX}} with whole numbers, MIN below MAX", name)
			}
			lo, hi = a, b
		}
		var b [8]byte
		_, _ = rand.Read(b[:])
		n := binary.BigEndian.Uint64(b[:]) % uint64(int64(hi)-int64(lo))
		return strconv.FormatInt(int64(lo)+int64(n), 10), nil
	}
	return "", fail("unknown built-in variable {{%s}}", name)
}

func (res *resolver) now() time.Time {
	if res.opts.Now != nil {
		return res.opts.Now()
	}
	return time.Now()
}

// HTTPFile writes r as a .http request block that ParseHTTP and httpyac
// read back as the same request. Secrets are masked unless showSecrets.
func (r Request) HTTPFile(name string, showSecrets bool) string {
	var b strings.Builder
	esc := &httpEscaper{}
	b.WriteString("###\n")
	if name != "" {
		b.WriteString("# @name " + name + "\n")
	}
	if r.NoRedirects {
		b.WriteString("# @no-redirect\n")
	}
	method := strings.ToUpper(strings.TrimSpace(r.Method))
	if method == "" {
		method = "GET"
	}
	u, secretParam := r.URL, SecretParam
	if r.Auth.keyInQuery() {
		if p, err := r.Prepare(); err == nil {
			u, secretParam = p.URL, p.secretParam
		}
	}
	if !showSecrets {
		u = redactURL(u, secretParam)
	}
	b.WriteString(method + " " + esc.text(u) + "\n")
	origin := strings.TrimSpace(r.Origin)
	for _, h := range r.Headers {
		if h.Off || origin != "" && strings.EqualFold(h.Name, "Origin") {
			continue // Prepare sends r.Origin in its place
		}
		v := h.Value
		if !showSecrets && r.secretHeaderIn(h.Name) {
			v = maskHeaderValue(h.Name, v)
		}
		b.WriteString(h.Name + ": " + esc.text(v) + "\n")
	}
	if origin != "" {
		b.WriteString("Origin: " + origin + "\n")
	}
	if line, ok := r.Auth.Scheme.rules().httpFileLine(r.Auth, showSecrets); ok {
		b.WriteString(line + "\n")
	}
	if r.Body != "" {
		body := r.Body
		if !showSecrets {
			body = redactBodyFor(body, headerValue(r.Headers, "Content-Type"))
		}
		b.WriteString("\n" + esc.body(body) + "\n")
	}
	return r.finishExport(showSecrets, esc.define(b.String()))
}

// httpEscaper writes text that a .http reader would take for syntax
// through variables, the one escape the clients share: a body line
// starting with #, //, < or > is a comment, a file or a script to them,
// and {{ starts a variable.
type httpEscaper struct{ used []string }

var httpEscapes = []struct{ name, value string }{
	{"_lbrace", "{{"}, {"_hash", "#"}, {"_slash", "/"}, {"_lt", "<"}, {"_gt", ">"},
}

func (e *httpEscaper) ref(name string) string {
	if !slices.Contains(e.used, name) {
		e.used = append(e.used, name)
	}
	return "{{" + name + "}}"
}

// text escapes a literal {{.
func (e *httpEscaper) text(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	return strings.ReplaceAll(s, "{{", e.ref("_lbrace"))
}

// body escapes {{ and the first character of each line that starts
// like syntax.
func (e *httpEscaper) body(s string) string {
	lines := strings.Split(e.text(s), "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		ws := l[:len(l)-len(t)]
		switch {
		case strings.HasPrefix(t, "#"):
			lines[i] = ws + e.ref("_hash") + t[1:]
		case strings.HasPrefix(t, "//"):
			lines[i] = ws + e.ref("_slash") + t[1:]
		case strings.HasPrefix(t, "<"):
			lines[i] = ws + e.ref("_lt") + t[1:]
		case strings.HasPrefix(t, ">"):
			lines[i] = ws + e.ref("_gt") + t[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// define puts the escapes used at the top of the block.
func (e *httpEscaper) define(block string) string {
	if len(e.used) == 0 {
		return block
	}
	var defs strings.Builder
	for _, x := range httpEscapes {
		if slices.Contains(e.used, x.name) {
			defs.WriteString("@" + x.name + " = " + x.value + "\n")
		}
	}
	head, rest, _ := strings.Cut(block, "\n")
	return head + "\n" + defs.String() + rest
}

// ExpandVars resolves {{name}} (and the {{$…}} built-ins) in the URL,
// headers, body and credentials of r, so a request built in the TUI can
// use the same variables as a .http file.
func (r Request) ExpandVars(opts HTTPOptions) (Request, error) {
	res := &resolver{vars: map[string]string{}, varLine: map[string]int{}, opts: opts}
	var firstErr error
	exp := func(s string) string {
		if firstErr != nil {
			return s
		}
		v, err := res.expand(s, 1)
		if err != nil {
			var fe *FileError
			if errors.As(err, &fe) {
				err = errors.New(fe.Msg)
			}
			firstErr = err
			return s
		}
		return v
	}
	r.URL = exp(r.URL)
	if r.Headers != nil {
		hs := make([]Header, len(r.Headers))
		for i, h := range r.Headers {
			h.Name, h.Value = exp(h.Name), exp(h.Value)
			hs[i] = h
		}
		r.Headers = hs
	}
	r.Body = exp(r.Body)
	a := &r.Auth
	a.User, a.Password, a.Token, a.KeyName, a.KeyValue = exp(a.User), exp(a.Password), exp(a.Token), exp(a.KeyName), exp(a.KeyValue)
	r.Proxy = exp(r.Proxy)
	if firstErr != nil {
		return Request{}, firstErr
	}
	return r, nil
}

// ProcessEnvOptions resolves a request typed outside a .http file: plain
// {{NAME}} and the {{$processEnv NAME}} built-in both read the process
// environment.
func ProcessEnvOptions() HTTPOptions {
	return HTTPOptions{LookupEnv: os.LookupEnv, PlainFromProcess: true}
}

// ExpandEnv is ExpandVars from the process environment, for a request the
// user typed or a file they opened, at the moment it is loaded. It also
// returns the values read from the environment, so a screen can mask them
// like any credential. Text a server sent (a Location, a token endpoint's
// answer) must never be passed here: a placeholder in it is data, and
// expanding it would send the environment to that server.
func (r Request) ExpandEnv() (Request, []string, error) {
	opts, read := recordingEnv()
	out, err := r.ExpandVars(opts)
	return out, *read, err
}

// ExpandEnvText is ExpandEnv for one value the user typed into a field.
func ExpandEnvText(s string) (string, []string, error) {
	opts, read := recordingEnv()
	res := &resolver{vars: map[string]string{}, varLine: map[string]int{}, opts: opts}
	v, err := res.expand(s, 1)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			err = errors.New(fe.Msg)
		}
		return s, nil, err
	}
	return v, *read, nil
}

// recordingEnv is ProcessEnvOptions that notes every non-empty value read.
func recordingEnv() (HTTPOptions, *[]string) {
	var read []string
	opts := ProcessEnvOptions()
	opts.LookupEnv = func(name string) (string, bool) {
		v, ok := os.LookupEnv(name)
		if ok && maskableEnv(v) {
			read = append(read, v)
		}
		return v, ok
	}
	return opts, &read
}

// maskableEnv says whether a value read from the environment is masked on
// screen. Short values would mask ordinary text by chance, and a base URL
// or host names where the request goes, which the user must always see.
func maskableEnv(v string) bool {
	if len(v) < 8 {
		return false
	}
	if u, err := url.Parse(v); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil && u.RawQuery == "" {
		return false
	}
	if h, p, err := net.SplitHostPort(v); err == nil {
		v = h
		if _, err := strconv.Atoi(p); err != nil {
			return true
		}
	}
	return !looksLikeHost(v)
}

// looksLikeHost is a DNS name or an IP literal: dotted labels of letters,
// digits and hyphens, or "localhost".
func looksLikeHost(s string) bool {
	if net.ParseIP(strings.Trim(s, "[]")) != nil || strings.EqualFold(s, "localhost") {
		return true
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return false
	}
	// A top-level domain is letters only, which a JWT's last part rarely is.
	tld := labels[len(labels)-1]
	if len(tld) < 2 || len(tld) > 24 || strings.IndexFunc(tld, func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') }) >= 0 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
		for _, c := range l {
			if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return false
			}
		}
	}
	return true
}
