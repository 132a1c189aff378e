package ui

import (
	"net/url"
	"strings"
)

// queryParam is one parameter of the URL's query, kept as it is written in
// the URL so that rebuilding the query changes only the parameter edited:
// the others keep their spelling, encoding and place.
type queryParam struct {
	raw string // as in the URL: "name=value", "name=", or "flag"
	off bool   // kept in the pane but left out of the URL, so not sent
	// slot is, for a disabled parameter, how many enabled parameters
	// came before it; it is where it goes back when the URL is re-read.
	slot int
}

// name and value are the parameter decoded for display and editing.
func (q queryParam) name() string {
	n, _, _ := strings.Cut(q.raw, "=")
	return unescapeQuery(n)
}

func (q queryParam) value() string {
	_, v, _ := strings.Cut(q.raw, "=")
	return unescapeQuery(v)
}

// hasValue tells "flag" from "flag=".
func (q queryParam) hasValue() bool { return strings.Contains(q.raw, "=") }

// text is the parameter as the field editor shows it.
func (q queryParam) text() string {
	if !q.hasValue() {
		return q.name()
	}
	return q.name() + "=" + q.value()
}

func unescapeQuery(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s // a stray % stays as typed
}

// splitURL cuts a URL into what comes before the query, the query's
// parameters in order (repeated names kept, empty ones skipped) and the
// fragment with its '#'. It works on the text, not a parsed URL, so
// {{NAME}} placeholders and unusual spellings survive a rebuild.
func splitURL(raw string) (base string, segs []string, frag string) {
	rest := raw
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest, frag = rest[:i], rest[i:]
	}
	base, q, ok := strings.Cut(rest, "?")
	if !ok {
		return rest, nil, frag
	}
	for s := range strings.SplitSeq(q, "&") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	return base, segs, frag
}

// joinURL puts the enabled parameters back between base and fragment.
func joinURL(base string, params []queryParam, frag string) string {
	var segs []string
	for _, q := range params {
		if !q.off {
			segs = append(segs, q.raw)
		}
	}
	if len(segs) == 0 {
		return base + frag
	}
	return base + "?" + strings.Join(segs, "&") + frag
}

// mergeParams re-reads the parameters from a URL's query segments. The rule
// for disabled parameters, which the URL cannot hold: each stays after as
// many enabled parameters as it had before it (or at the end when the new
// query has fewer), so turning it on again puts it back where it was.
func mergeParams(old []queryParam, segs []string) []queryParam {
	var off []queryParam
	enabled := 0
	for _, q := range old {
		if q.off {
			q.slot = enabled
			off = append(off, q)
		} else {
			enabled++
		}
	}
	out := make([]queryParam, 0, len(segs)+len(off))
	j := 0
	for i, s := range segs {
		for j < len(off) && off[j].slot <= i {
			out = append(out, off[j])
			j++
		}
		out = append(out, queryParam{raw: s})
	}
	return append(out, off[j:]...)
}

// parseParamText turns what was typed in a parameter's field ("name=value")
// into a query segment. Text that decodes to the old parameter keeps the
// old spelling; otherwise only what a query cannot hold is escaped.
func parseParamText(text string, old queryParam) (queryParam, bool) {
	name, value, hasValue := strings.Cut(text, "=")
	name = strings.TrimSpace(name)
	if name == "" {
		return queryParam{}, false
	}
	if old.raw != "" && name == old.name() && value == old.value() && hasValue == old.hasValue() {
		return old, true
	}
	raw := escapeQuery(name)
	if hasValue {
		raw += "=" + escapeQuery(value)
	}
	return queryParam{raw: raw, off: old.off}, true
}

// escapeQuery percent-encodes what would change a query's meaning or is not
// plain printable ASCII, and leaves the rest readable. Braces stay, so a
// {{NAME}} placeholder still expands at send time.
func escapeQuery(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.IndexByte("-._~!$'()*,;:@/?{}[]", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
