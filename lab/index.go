package lab

import (
	"encoding/json"
	"html/template"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
)

// IndexRequest is a request in the index, as it goes on the wire.
type IndexRequest struct {
	Method  string              `json:"method"`
	URL     string              `json:"url"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body"`
	Proxy   string              `json:"proxy,omitempty"`
	// A client certificate and the CA to trust, for the mutual-TLS
	// scenarios: files the running lab wrote.
	Cert   string `json:"cert,omitempty"`
	Key    string `json:"key,omitempty"`
	CACert string `json:"cacert,omitempty"`
}

// IndexEntry is one scenario in the JSON index at GET /.
type IndexEntry struct {
	ID       string       `json:"id"`
	Cause    string       `json:"cause"`
	Title    string       `json:"title"`
	Goal     string       `json:"goal"`
	Request  IndexRequest `json:"request"`
	Solution IndexRequest `json:"solution"`
}

// Index is the JSON index of the scenarios served at baseURL.
func (l *Lab) Index(baseURL string) []IndexEntry {
	sc := l.Scenarios(baseURL)
	out := make([]IndexEntry, 0, len(sc))
	for _, s := range sc {
		out = append(out, IndexEntry{
			ID: s.ID, Cause: string(s.Cause), Title: s.Title, Goal: s.Goal,
			Request: wire(s.Request), Solution: wire(s.Solution),
		})
	}
	return out
}

// wire is r with its auth applied. The lab's own requests always prepare;
// if one did not, the index still shows what was meant.
func wire(r request.Request) IndexRequest {
	s, err := r.Prepare()
	if err != nil {
		return IndexRequest{Method: methodOf(r.Method), URL: r.URL, Headers: map[string][]string{}, Body: r.Body, Proxy: r.Proxy}
	}
	h := map[string][]string{}
	for k, v := range s.Headers {
		h[k] = v
	}
	out := IndexRequest{Method: s.Method, URL: s.URL, Headers: h, Body: s.Body, Proxy: r.Proxy, CACert: r.CACert}
	if r.Auth.PresentsCert() {
		out.Cert, out.Key = r.Auth.CertFile, r.Auth.KeyFile
	}
	return out
}

func (l *Lab) index(w http.ResponseWriter, r *http.Request) {
	base := "http://" + r.Host
	entries := l.entries(base)
	if wantsJSON(r.Header.Get("Accept")) {
		writeJSON(w, http.StatusOK, l.Index(base))
		return
	}
	type row struct {
		N                    int
		ID, Cause, Title     string
		Goal, Method, URL    string
		Fails, Succeeds      int
		CurlFail, CurlSolved string
	}
	rows := make([]row, len(entries))
	for i, e := range entries {
		rows[i] = row{i + 1, e.ID, string(e.Cause), e.Title, e.Goal, methodOf(e.Request.Method), e.Request.URL,
			e.fails, e.succeeds, curl(e.Request), curl(e.Solution)}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "Accept")
	_ = indexPage.Execute(w, map[string]any{"Base": base, "Rows": rows, "User": DemoUser, "Pass": DemoPass})
}

func wantsJSON(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
			return true
		}
	}
	return false
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>authlens lab</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
pre{background:#f4f4f4;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
h2{font-size:1.1rem;margin-top:2rem}</style></head>
<body>
<h1>authlens lab</h1>
<p>A practice API. Each scenario below has a request that fails for one documented reason and a request that works.
Open one in authlens (<code>authlens {{.Base}}/api/users</code>) or try the curl commands.
The demo user is <code>{{.User}}</code> / <code>{{.Pass}}</code>.
The same list as JSON: <code>curl -H 'Accept: application/json' {{.Base}}/</code></p>
{{range .Rows}}
<h2 id="{{.ID}}">{{.N}}. {{.Title}} <small>({{.ID}} · {{.Cause}} · {{.Fails}} → {{.Succeeds}})</small></h2>
<p>{{.Goal}}</p>
<p>Fails:</p><pre>{{.CurlFail}}</pre>
<p>Works:</p><pre>{{.CurlSolved}}</pre>
{{end}}
</body></html>
`))

// curl renders r as a shell-safe curl command, secrets included: these are
// the lab's own demo credentials.
func curl(r request.Request) string {
	s, err := r.Prepare()
	if err != nil {
		return "# " + err.Error()
	}
	parts := []string{"curl", "-i"}
	if s.Method != http.MethodGet {
		parts = append(parts, "-X", s.Method)
	}
	if r.Proxy != "" {
		parts = append(parts, "-x", request.ShellQuote(r.Proxy))
	}
	if r.CACert != "" {
		parts = append(parts, "--cacert", request.ShellQuote(r.CACert))
	}
	if r.Auth.PresentsCert() {
		parts = append(parts, "--cert", request.ShellQuote(r.Auth.CertFile))
		if r.Auth.KeyFile != "" {
			parts = append(parts, "--key", request.ShellQuote(r.Auth.KeyFile))
		}
	}
	names := slices.Sorted(maps.Keys(s.Headers))
	for _, k := range names {
		for _, v := range s.Headers[k] {
			if k == "Accept" && v == request.DefaultAccept && !request.HasHeader(r.Headers, "Accept") {
				continue // curl sends it too
			}
			parts = append(parts, "-H", request.ShellQuote(k+": "+v))
		}
	}
	if s.Body != "" {
		parts = append(parts, "--data-raw", request.ShellQuote(s.Body))
	}
	return strings.Join(append(parts, request.ShellQuote(s.URL)), " ")
}

// MarshalJSON keeps an empty header set as {} rather than null.
func (r IndexRequest) MarshalJSON() ([]byte, error) {
	type plain IndexRequest
	if r.Headers == nil {
		r.Headers = map[string][]string{}
	}
	return json.Marshal(plain(r))
}
