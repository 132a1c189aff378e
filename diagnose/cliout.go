package diagnose

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/authlens/authlens/request"
)

// Output is the object `authlens diagnose --json` prints: the exchange's
// fields at the top level, then the findings.
type Output struct {
	request.Exchange
	Summary  string    `json:"summary"`
	Findings []Finding `json:"findings"`
}

// NewOutput pairs an exchange with its report for JSON output. Redact the
// exchange first unless secrets were asked for.
func NewOutput(x request.Exchange, r Report) Output {
	f := r.Findings
	if f == nil {
		f = []Finding{}
	}
	if x.Redirects == nil {
		x.Redirects = []request.Hop{}
	}
	return Output{Exchange: x, Summary: r.Summary, Findings: f}
}

// bodyPreview bounds how much of a body the text report prints.
const bodyPreview = 2000

// WriteText prints the exchange and its diagnosis for a person. Everything
// that came from the server passes through request.Printable.
func WriteText(w io.Writer, x request.Exchange, r Report) {
	p := request.Printable
	writePreflight(w, x.Preflight)
	fmt.Fprintf(w, "%s %s\n", x.Request.Method, p(x.Request.URL))
	for _, n := range x.Notes {
		fmt.Fprintf(w, "  note: %s\n", p(n))
	}
	for _, h := range x.Redirects {
		fmt.Fprintf(w, "  %d %s → %s (%s)\n", h.Status, p(h.From), p(h.To), p(h.Credentials()))
	}
	if t := x.TLS; t != nil && t.Version != "" && !t.Verified {
		fmt.Fprintln(w, "⚠ TLS CERTIFICATE NOT VERIFIED (-k/--insecure): anyone on the path could have sent this response")
	}
	switch {
	case x.Error != nil && x.Response == nil:
		fmt.Fprintf(w, "✗ no response: %s: %s\n", x.Error.Kind, p(x.Error.Message))
	case x.Response != nil:
		resp := x.Response
		reason := resp.Reason
		if reason == "" {
			reason = http.StatusText(resp.Status)
		}
		fmt.Fprintf(w, "← %d %s  (%s, %d bytes", resp.Status, p(reason), x.Timing.Total.Round(10_000), resp.Size)
		if resp.Truncated {
			fmt.Fprint(w, ", truncated")
		}
		if resp.Partial {
			fmt.Fprint(w, ", partial")
		}
		fmt.Fprintln(w, ")")
		names := slices.Sorted(maps.Keys(resp.Headers))
		for _, k := range names {
			for _, v := range resp.Headers[k] {
				if len(v) > bodyPreview {
					v = v[:bodyPreview] + "…"
				}
				fmt.Fprintf(w, "  %s: %s\n", p(k), p(v))
			}
		}
		if body := strings.TrimSpace(resp.Body); body != "" {
			if len(body) > bodyPreview {
				body = body[:bodyPreview] + "…"
			}
			fmt.Fprintf(w, "\n%s\n", p(body))
		}
		if x.Error != nil {
			what := "the exchange did not finish"
			if resp.Partial {
				what = "partial body: only what arrived is shown"
			}
			fmt.Fprintf(w, "\n✗ %s (%s: %s)\n", what, x.Error.Kind, p(x.Error.Message))
		}
	}
	// Summaries, titles and fixes may quote the server too.
	fmt.Fprintf(w, "\n%s\n", p(r.Summary))
	for i, f := range r.Findings {
		fmt.Fprintf(w, "\n%d. %s  [%s, %.0f%%]\n", i+1, p(f.Title), f.Cause, f.Confidence*100)
		if f.Layer != "" {
			fmt.Fprintf(w, "   answered by: %s, in front of the application; its fixes come first\n", p(f.Layer))
		}
		if len(f.Evidence) > 0 {
			fmt.Fprintln(w, "   evidence:")
			for _, e := range f.Evidence {
				fmt.Fprintf(w, "     • %s\n", p(e))
			}
		}
		if len(f.Fixes) > 0 {
			fmt.Fprintln(w, "   fix:")
			for j, fix := range f.Fixes {
				fmt.Fprintf(w, "     %d. %s\n", j+1, indent(p(fix), "        "))
			}
		}
		if f.Remedy != nil && f.Remedy.Label != "" {
			fmt.Fprintf(w, "   remedy: %s (key f in the inspector)\n", p(f.Remedy.Label))
		}
	}
}

// MarshalJSON escapes DEL, C1 and bidi controls as \u sequences:
// encoding/json leaves them raw, and a terminal showing the JSON could act on them.
func (o Output) MarshalJSON() ([]byte, error) {
	type plain Output
	b, err := json.Marshal(plain(o))
	if err != nil {
		return nil, err
	}
	return escapeControls(b), nil
}

// escapeControls rewrites runes that only occur inside JSON strings, so the
// result is the same JSON value.
func escapeControls(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
			r == 0x200e || r == 0x200f || r == 0x061c {
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}

func indent(s, pad string) string {
	return strings.ReplaceAll(s, "\n", "\n"+pad)
}
