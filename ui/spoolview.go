package ui

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// spoolOver is the body size past which a send keeps the body in a
// temporary file rather than in memory: below it a body is formatted
// whole as before; above it the view reads back only the rows on screen.
const spoolOver = 8 << 20

// keepSpools is how many bodies on disk the inspector keeps: each may be
// a gigabyte. An older one is let go, its first bytes still shown.
const keepSpools = 3

// spool is the attempt's body on disk, or nil when it is in memory.
func (a *attempt) spool() *request.Spool {
	if a == nil || a.X.Response == nil {
		return nil
	}
	return a.X.Response.Spool
}

// spooled gives an attempt whose body is on disk its note and the masks
// its rows are drawn with; a body that is not text is shown as hex from
// its first bytes, and its file goes at once.
func (a *attempt) spooled() {
	r := a.X.Response
	if r.Binary {
		a.dropSpool("")
		return
	}
	a.Body, a.maskedBody = textview.Body{}, textview.Body{}
	note := fmt.Sprintf("%s on disk, shown as received; long lines cut at the edge", formatSize(r.Size))
	if r.Truncated {
		note = fmt.Sprintf("first %s of %s on disk, shown as received; long lines cut at the edge", formatSize(r.Spool.Size()), formatSize(r.Size))
	}
	if r.Partial {
		note = joinNote(note, partialNote)
	}
	a.BodyNote, a.maskedNote = note, note
	// What a redacted copy masks, and the values from the environment
	// spelt as a query string would carry them.
	secrets := a.X.SecretsWith(a.secrets)
	for _, v := range a.env {
		if q := url.QueryEscape(v); q != v {
			secrets = append(secrets, q)
		}
	}
	a.lineSecrets = secrets
	// A body is read as JSON for its secret fields by its type or, as in
	// memory, by how it starts: the lines on screen start anywhere.
	a.lineType = r.Headers.Get("Content-Type")
	if t := strings.TrimSpace(r.Body); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		a.lineType = "application/json"
	}
	// The first bytes kept in memory (what the diff compares) are masked
	// the same way: they end anywhere, inside a secret value too.
	m := *a.masked.Response
	m.Body = maskSpans(r.Body, 0, len(r.Body), mergeSpans(request.SecretSpans(r.Body, a.lineType, a.lineSecrets)))
	a.masked.Response = &m
}

// dropSpool closes the attempt's file and shows the first bytes kept in
// memory instead, saying why.
func (a *attempt) dropSpool(why string) {
	sp := a.spool()
	if sp == nil {
		return
	}
	// Removing a file of a gigabyte takes a good part of a second: not
	// on the goroutine drawing the screen.
	go sp.Close()
	for _, x := range []*request.Exchange{&a.X, &a.masked} {
		r := *x.Response
		r.Spool, r.Truncated = nil, true
		x.Response = &r
	}
	a.Body, a.BodyNote = formatBody(a.X.Response)
	a.maskedBody, a.maskedNote = formatBody(a.masked.Response)
	if why != "" {
		a.BodyNote, a.maskedNote = joinNote(a.BodyNote, why), joinNote(a.maskedNote, why)
	}
}

// spoolBefore and spoolAfter are how many lines around those drawn are
// read with them to be masked: a secret, or a secret field's value, cut
// across the pieces of a long line is masked in each piece it reaches.
const spoolBefore, spoolAfter = 4, 2

// spoolLines is lines from..from+n-1 of the body on disk as the screen
// shows them: secrets masked (unless revealed) as in a body in memory,
// then made safe to draw.
func (a *attempt) spoolLines(sp *request.Spool, from, n int, reveal bool) ([]string, error) {
	if reveal {
		lines, err := sp.Lines(from, n)
		for i, l := range lines {
			lines[i] = clean(l)
		}
		return lines, err
	}
	lo := max(0, from-spoolBefore)
	got, cut, err := sp.LinesCut(lo, from-lo+n+spoolAfter)
	if err != nil {
		return nil, err
	}
	// The window's text: the pieces of one line joined as they came,
	// lines by "\n".
	var b strings.Builder
	starts := make([]int, len(got))
	for i, l := range got {
		starts[i] = b.Len()
		b.WriteString(l)
		if !cut[i] {
			b.WriteByte('\n')
		}
	}
	text := b.String()
	spans := mergeSpans(request.SecretSpans(text, a.lineType, a.lineSecrets))
	var out []string
	for i := from - lo; i < len(got) && len(out) < n; i++ {
		out = append(out, clean(maskSpans(text, starts[i], starts[i]+len(got[i]), spans)))
	}
	return out, nil
}

// mergeSpans joins spans, sorted by start, that overlap or touch.
func mergeSpans(spans [][2]int) [][2]int {
	var out [][2]int
	for _, sp := range spans {
		if n := len(out); n > 0 && sp[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], sp[1])
			continue
		}
		out = append(out, sp)
	}
	return out
}

// maskSpans is text[from:to] with the spans' bytes masked: a span inside
// it as request.Mask masks a secret, the part of one that runs on into
// the piece before or after as "••••".
func maskSpans(text string, from, to int, spans [][2]int) string {
	i := sort.Search(len(spans), func(i int) bool { return spans[i][1] > from })
	if i == len(spans) || spans[i][0] >= to {
		return text[from:to]
	}
	var b strings.Builder
	pos := from
	for ; i < len(spans) && spans[i][0] < to; i++ {
		s, e := max(spans[i][0], pos), min(spans[i][1], to)
		b.WriteString(text[pos:s])
		if v := text[s:e]; s == spans[i][0] && e == spans[i][1] && !strings.Contains(v, `\`) {
			b.WriteString(request.Mask(v))
		} else {
			b.WriteString("••••") // cutting an escape in two would garble the text
		}
		pos = e
	}
	b.WriteString(text[pos:to])
	return b.String()
}
