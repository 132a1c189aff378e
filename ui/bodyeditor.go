package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// contentKind is a body type the Type row cycles through.
type contentKind struct {
	name string
	mime string // "" for none: no Content-Type header
}

var contentKinds = []contentKind{
	{"none", ""},
	{"JSON", "application/json"},
	{"form", "application/x-www-form-urlencoded"},
	{"XML", "application/xml"},
	{"text", "text/plain"},
}

// bodyPreviewLines is how many lines of the body the pane shows.
const bodyPreviewLines = 6

// bodyMaxLines is the most lines the editor holds (the textarea's own
// limit); a longer body is not opened, rather than cut.
const bodyMaxLines = 10000

// contentTypeHeader is the index of the enabled Content-Type header, or
// -1. The header is the one place the type is kept.
func (p *requestPane) contentTypeHeader() int {
	for i, h := range p.req.Headers {
		if !h.Off && strings.EqualFold(h.Name, "Content-Type") {
			return i
		}
	}
	return -1
}

// contentKindIndex is the Type row's position in contentKinds, or -1 for
// a Content-Type of another kind.
func (p *requestPane) contentKindIndex() (int, string) {
	i := p.contentTypeHeader()
	if i < 0 {
		return 0, ""
	}
	v := p.req.Headers[i].Value
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return -1, v
	}
	for k, c := range contentKinds {
		if k > 0 && c.mime == mt {
			return k, v
		}
	}
	return -1, v
}

// contentTypeName is the type in a word, for the body editor's title line.
func (p *requestPane) contentTypeName() string {
	k, v := p.contentKindIndex()
	switch {
	case k == 0:
		return "no content type"
	case k > 0:
		return contentKinds[k].name
	}
	return clean(v)
}

func (p *requestPane) contentTypeDisplay() string {
	st := p.common.Styles
	k, v := p.contentKindIndex()
	switch {
	case k == 0:
		return st.Muted.Render("none (no Content-Type)")
	case k > 0:
		return st.Value.Render(contentKinds[k].name) + st.Muted.Render(" · "+clean(v))
	}
	return st.Value.Render(clean(v)) + st.Muted.Render(" · set by hand")
}

// cycleContentType moves the Type row to the next kind by rewriting the
// request's Content-Type header.
func (p *requestPane) cycleContentType() tea.Cmd {
	k, _ := p.contentKindIndex()
	next := contentKinds[(k+1)%len(contentKinds)]
	p.req.Headers = setContentType(p.req.Headers, next.mime)
	p.refresh()
	if next.mime == "" {
		return statusCmd("content type: none, the Content-Type header is removed")
	}
	return statusCmd("content type: " + next.name + " (Content-Type: " + next.mime + ")")
}

// setContentType replaces the first Content-Type header's value and drops
// the other enabled ones, or adds one; "" removes them all.
func setContentType(hs []request.Header, mimeType string) []request.Header {
	out := make([]request.Header, 0, len(hs)+1)
	done := false
	for _, h := range hs {
		if !strings.EqualFold(h.Name, "Content-Type") {
			out = append(out, h)
			continue
		}
		switch {
		case mimeType == "":
		case !done:
			out = append(out, request.Header{Name: h.Name, Value: mimeType})
			done = true
		case h.Off:
			out = append(out, h) // a disabled one is a note the user kept
		}
	}
	if !done && mimeType != "" {
		out = append(out, request.Header{Name: "Content-Type", Value: mimeType})
	}
	return out
}

// jsonBody tells whether the Content-Type says the body is JSON.
func (p *requestPane) jsonBody() bool {
	i := p.contentTypeHeader()
	if i < 0 {
		return false
	}
	mt, _, err := mime.ParseMediaType(p.req.Headers[i].Value)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// bodyWarning is a line saying why a JSON body is not JSON, or "". It only
// warns: a broken body is what some tests of an API need to send.
func (p *requestPane) bodyWarning() string {
	if !p.jsonBody() || strings.TrimSpace(p.req.Body) == "" {
		return ""
	}
	if p.bodyCheck.body == p.req.Body {
		return p.bodyCheck.warning
	}
	p.bodyCheck.body, p.bodyCheck.warning = p.req.Body, jsonWarning(p.req.Body)
	return p.bodyCheck.warning
}

func jsonWarning(body string) string {
	var v any
	err := json.Unmarshal([]byte(body), &v)
	if err == nil {
		return ""
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset is just past the byte that broke the parse.
		before := body[:clampInt(int(se.Offset)-1, 0, len(body))]
		line := strings.Count(before, "\n") + 1
		col := len(before) - strings.LastIndexByte(before, '\n')
		return fmt.Sprintf("⚠ not JSON (line %d, col %d): %s · sent as typed", line, col, se.Error())
	}
	return "⚠ not JSON: " + err.Error() + " · sent as typed"
}

// maskedBody is the body with its secret fields masked, computed once per
// body.
func (p *requestPane) maskedBody() string {
	ct := ""
	for _, h := range p.req.Headers {
		if !h.Off && strings.EqualFold(h.Name, "Content-Type") {
			ct = h.Value
		}
	}
	c := &p.bodyMasked
	if c.body != p.req.Body || c.contentType != ct || c.masked == "" {
		c.body, c.contentType, c.masked = p.req.Body, ct, request.RedactBody(p.req.Body, ct)
	}
	return c.masked
}

// bodyLines is the Body row: the body's first lines as they are, then how
// many more there are, then the JSON warning if any.
func (p *requestPane) bodyLines(first string, w int) []string {
	st := p.common.Styles
	if p.req.Body == "" {
		return textview.WrapIndent(first, st.Muted.Render("(empty)"), w)
	}
	pad := lipgloss.NewStyle().Width(lipgloss.Width(first)).Render("")
	body := p.req.Body
	if !p.reveal {
		body = p.maskedBody() // a login body holds a password
	}
	// Only the lines that can show are split and wrapped, and only as
	// much of each as fits: a body may be megabytes.
	total := strings.Count(body, "\n") + 1
	src := strings.SplitN(body, "\n", bodyPreviewLines+1)
	src = src[:min(len(src), bodyPreviewLines)]
	var out []string
	shown, cut := 0, false
	for i, l := range src {
		lead := pad
		if i == 0 {
			lead = first
		}
		l = strings.TrimSuffix(l, "\r")
		if limit := 4 * bodyPreviewLines * max(1, w); len(l) > limit {
			l = strings.ToValidUTF8(l[:limit], "")
		}
		wrapped := textview.WrapIndent(lead, st.Value.Render(clean(p.hideEnv(l))), w)
		if room := bodyPreviewLines - len(out); len(wrapped) > room {
			if i == 0 {
				out, cut = wrapped[:room], true
			}
			break
		}
		out = append(out, wrapped...)
		shown++
	}
	switch rest := total - shown; {
	case rest > 0 && !cut:
		out = append(out, pad+st.Muted.Render(fmt.Sprintf("… %d more %s", rest, plural(rest, "line", "lines"))))
	case cut:
		out = append(out, pad+st.Muted.Render("… (the rest of a long line)"))
	}
	if warn := p.bodyWarning(); warn != "" {
		out = append(out, textview.WrapIndent(pad, st.Confidence.Render(clean(warn)), w)...)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// startBodyEditing opens the multi-line editor on the body.
func (p *requestPane) startBodyEditing() tea.Cmd {
	text := strings.ReplaceAll(p.req.Body, "\r\n", "\n")
	if n := strings.Count(text, "\n") + 1; n >= bodyMaxLines {
		return errorCmd(fmt.Sprintf("the body has %d lines, more than the editor holds; load it from a file with -d @FILE", n))
	}
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = true
	ta.Placeholder = placeholder(fieldBody)
	ta.SetStyles(textarea.DefaultStyles(p.common.Styles.isDark))
	k := p.common.KeyMap.Request
	ta.KeyMap.InsertNewline = k.Newline
	ta.SetValue(text)
	p.body = ta
	// The editor may respell a body (tabs as spaces): only a real edit
	// replaces the original.
	p.bodyStart = ta.Value()
	p.editing = true
	p.refresh()
	return p.body.Focus()
}

// updateBody: esc leaves keeping the text; everything else is typing.
func (p *requestPane) updateBody(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, p.common.KeyMap.Request.BodyDone) {
		return p.stopEditing(true)
	}
	var cmd tea.Cmd
	p.body, cmd = p.body.Update(msg)
	return cmd
}

// sizeBodyEditor fits the editor under the Body label at line top: the
// rest of the pane when there is room, else most of it, scrolled to.
func (p *requestPane) sizeBodyEditor(w, top int) {
	_, h := inner(p.common.Width, p.common.Height)
	eh := h - top
	if eh < 5 {
		eh = min(h-1, 8)
	}
	p.body.SetWidth(max(1, w-2))
	p.body.SetHeight(max(1, eh))
}

// toggleRedirects switches between following redirects and stopping at
// the first response.
func (p *requestPane) toggleRedirects() tea.Cmd {
	p.req.NoRedirects = !p.req.NoRedirects
	p.refresh()
	if p.req.NoRedirects {
		return statusCmd("redirects: the first response is shown as it is, 3xx included")
	}
	return statusCmd(fmt.Sprintf("redirects: followed, up to %d, every hop recorded", request.MaxRedirects))
}
