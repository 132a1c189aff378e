package ui

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/ui/textview"
)

// TrafficFeed is captured traffic for the traffic list: a HAR file being
// read, or what a recording proxy forwards, as it happens.
type TrafficFeed struct {
	Name    string           // the file, or where the proxy forwards to
	Batches <-chan har.Batch // closed when nothing more will come
	Live    bool             // a proxy: rows keep arriving
	Note    string           // one line under the list ("listening on …")
}

// waitBatch waits for the feed's next batch; the model asks again after
// each, so a slow file or a quiet proxy never blocks the UI.
func waitBatch(ch <-chan har.Batch) tea.Cmd {
	return func() tea.Msg {
		b, ok := <-ch
		return trafficBatchMsg{b: b, closed: !ok}
	}
}

// trafficPane lists a capture's entries, one row each, failures first or
// in the order they happened; the detail under the list says why the
// selected entry failed.
type trafficPane struct {
	common  Common
	list    list.Model
	feed    *TrafficFeed
	traffic har.Traffic
	rows    []trafficItem // one per entry, made when it arrives
	failed  int
	inOrder bool // false: failures first
	done    bool
	err     error
	detail  []string
}

// trafficItem is one row; its text is made once, masked, when it arrives.
type trafficItem struct {
	it     *har.Item
	status string // "401", "ERR", "⇄" for a tunnel
	method string
	host   string
	path   string
	dur    string
	size   string
	cause  string // the top finding's id
	title  string // the top finding's title
	state  string // "failed" or "ok", as Failed said when the row was made
	filter string
}

func (i trafficItem) FilterValue() string { return i.filter }

func newTrafficItem(it *har.Item, dur func(time.Duration) string) trafficItem {
	x := it.X
	ti := trafficItem{it: it, method: clean(x.Request.Method)}
	switch {
	case it.Tunnel:
		ti.status = "⇄"
	case x.Response != nil:
		ti.status = strconv.Itoa(x.Response.Status)
	default:
		ti.status = "ERR"
	}
	shown := shownURL(x.Request.URL, false)
	if u, err := url.Parse(shown); err == nil && u.Host != "" {
		ti.host, ti.path = clean(u.Host), clean(pathOf(shown))
	} else {
		ti.path = clean(shown)
	}
	if it.Tunnel {
		ti.host, ti.path = clean(x.Request.URL), "(tunnel: not seen into)"
	}
	if x.Timing.Total > 0 {
		ti.dur = dur(x.Timing.Total)
	}
	if x.Response != nil && x.Response.Size > 0 {
		ti.size = sizeLabel(x.Response.Size)
	}
	if f, ok := it.Report.Top(); ok && it.Failed() {
		ti.cause, ti.title = string(f.Cause), clean(f.Title)
	}
	class := ""
	if x.Response != nil {
		class = fmt.Sprintf("%dxx", x.Response.Status/100)
	} else if !it.Tunnel {
		class = "error"
	}
	var causes []string
	for _, f := range it.Report.Findings {
		causes = append(causes, string(f.Cause))
	}
	state := "ok"
	if it.Failed() {
		state = "failed"
	}
	ti.state = state
	ti.filter = strings.ToLower(strings.Join([]string{ti.method, ti.status, class, state, ti.host, ti.path, strings.Join(causes, " "), ti.title}, " "))
	return ti
}

func sizeLabel(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// trafficDelegate draws a row in columns sized to the list's width.
type trafficDelegate struct{ common *Common }

func (d trafficDelegate) Height() int                             { return 1 }
func (d trafficDelegate) Spacing() int                            { return 0 }
func (d trafficDelegate) Update(_ tea.Msg, _ *list.Model) tea.Cmd { return nil }

func (d trafficDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	ti, ok := item.(trafficItem)
	if !ok {
		return
	}
	fmt.Fprint(w, trafficRow(d.common.Styles, ti, m.Width(), index == m.Index()))
}

// trafficColumns are the widths of a row's columns at width w: where
// (host and path) and why (the finding) share what the fixed ones leave.
type trafficColumns struct{ method, status, dur, size, where, why int }

func columnsFor(w int) trafficColumns {
	c := trafficColumns{method: 9, status: 5, dur: 8, size: 9}
	if w < 100 {
		c.size = 0
		c.dur = 7
	}
	rest := max(0, w-2-c.status-1-c.method-c.dur-c.size-2)
	c.where = rest * 11 / 20
	c.why = rest - c.where
	return c
}

func trafficRow(st *Styles, ti trafficItem, w int, selected bool) string {
	c := columnsFor(w)
	mark := "  "
	if selected {
		mark = st.Selected.Render("▸") + " "
	}
	code := 0
	if ti.it.X.Response != nil {
		code = ti.it.X.Response.Status
	}
	badge := st.StatusBadge(code)
	if ti.it.Tunnel {
		badge = st.BadgeNone
	}
	status := lipgloss.PlaceHorizontal(c.status, lipgloss.Left, badge.Render(ti.status))
	method := lipgloss.PlaceHorizontal(c.method, lipgloss.Left, " "+truncate(ti.method, c.method-1))
	whereCell := lipgloss.PlaceHorizontal(c.where, lipgloss.Left, truncate(st.Muted.Render(ti.host)+st.Value.Render(ti.path), c.where-1))
	dur := lipgloss.PlaceHorizontal(c.dur, lipgloss.Right, st.Muted.Render(ti.dur)+" ")
	size := ""
	if c.size > 0 {
		size = lipgloss.PlaceHorizontal(c.size, lipgloss.Right, st.Muted.Render(ti.size)+" ")
	}
	why := ""
	switch {
	case ti.cause == "":
	case w < 100:
		why = st.FindingTitle.Render(ti.cause) // the id is the shorter name
	default:
		why = st.FindingTitle.Render(ti.title) + st.Muted.Render(" ("+ti.cause+")")
	}
	row := mark + status + method + whereCell + dur + size + "  " + truncate(why, c.why)
	if selected {
		row = st.Bold.Render(row)
	}
	return truncate(row, w)
}

// trafficHeader names the columns above the rows.
func trafficHeader(st *Styles, w int) string {
	c := columnsFor(w)
	h := "  " + lipgloss.PlaceHorizontal(c.status, lipgloss.Left, "") +
		lipgloss.PlaceHorizontal(c.method, lipgloss.Left, " method") +
		lipgloss.PlaceHorizontal(c.where, lipgloss.Left, "host and path") +
		lipgloss.PlaceHorizontal(c.dur, lipgloss.Right, "time ")
	if c.size > 0 {
		h += lipgloss.PlaceHorizontal(c.size, lipgloss.Right, "size ")
	}
	h += "  top finding"
	return st.Section.Render(truncate(h, w))
}

func newTrafficPane(c Common, feed *TrafficFeed) *trafficPane {
	// A live recording stays in order, so rows do not jump as failures
	// arrive; a file opens on its failures.
	p := &trafficPane{common: c, feed: feed, inOrder: feed != nil && feed.Live}
	l := list.New(nil, trafficDelegate{common: &p.common}, 0, 0)
	l.Styles = c.Styles.List
	l.SetShowTitle(false)
	l.SetShowHelp(false)
	l.SetShowPagination(false)
	l.DisableQuitKeybindings()
	l.SetStatusBarItemName("entry", "entries")
	l.Filter = wordsFilter
	p.list = l
	return p
}

// wordsFilter keeps the rows holding every word of the query, as typed:
// "4xx expired" finds the 4xx rows whose finding is an expired token. A
// fuzzy match would find "4xx" in any row with a 4 and two x's.
func wordsFilter(term string, targets []string) []list.Rank {
	words := strings.Fields(strings.ToLower(term))
	var out []list.Rank
	for i, t := range targets {
		ok := true
		for _, w := range words {
			if !strings.Contains(t, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, list.Rank{Index: i})
		}
	}
	return out
}

// Add keeps a batch's items and redraws the rows in the chosen order,
// keeping the selected entry selected.
func (p *trafficPane) Add(b har.Batch) tea.Cmd {
	for _, it := range b.Items {
		p.traffic.Append(it)
		p.rows = append(p.rows, newTrafficItem(it, p.common.Duration))
		// An entry changes the row of the preflight or redirect it
		// follows: a preflight followed by its request is no failure
		// of its own.
		for _, back := range []int{it.Preflight, it.RedirectPrev} {
			if back >= 0 && back < len(p.rows) {
				p.rows[back] = newTrafficItem(p.traffic.Items[back], p.common.Duration)
			}
		}
	}
	if b.Done {
		p.done, p.err = true, b.Err
	}
	return p.rebuild()
}

func (p *trafficPane) rebuild() tea.Cmd {
	sel := -1
	if ti, ok := p.list.SelectedItem().(trafficItem); ok {
		sel = ti.it.Index
	}
	p.failed = 0
	items := make([]list.Item, 0, len(p.rows))
	var rest []list.Item
	for _, ti := range p.rows {
		failed := ti.state == "failed"
		if failed {
			p.failed++
		}
		if p.inOrder || failed {
			items = append(items, ti)
		} else {
			rest = append(rest, ti)
		}
	}
	items = append(items, rest...)
	cmd := p.list.SetItems(items)
	if sel >= 0 {
		for i, li := range items {
			if li.(trafficItem).it.Index == sel {
				p.list.Select(i)
				break
			}
		}
	}
	p.build()
	return cmd
}

func (p *trafficPane) Len() int { return len(p.traffic.Items) }

func (p *trafficPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	p.build()
}

// build sizes the list and renders the selected entry's detail; it runs
// when the selection, the size or the rows change, not in View.
func (p *trafficPane) build() {
	w, h := inner(p.common.Width, p.common.Height)
	p.detail = nil
	if h >= 14 {
		p.detail = fitLines(p.detailLines(w), w, min(8, h/3))
	}
	// The header row and the note take a line each.
	p.list.SetSize(w, max(0, h-2-len(p.detail)))
}

func (p *trafficPane) detailLines(w int) []string {
	ti, ok := p.list.SelectedItem().(trafficItem)
	if !ok || w <= 0 {
		return nil
	}
	st := p.common.Styles
	it := ti.it
	lines := []string{st.Subtle.Render(strings.Repeat("─", w))}
	head := fmt.Sprintf("entry %d", it.Index+1)
	if !it.X.At.IsZero() {
		head += " · " + it.X.At.UTC().Format("15:04:05.000")
	}
	if it.Preflight >= 0 {
		head += fmt.Sprintf(" · preflight: entry %d", it.Preflight+1)
	}
	if it.PreflightFor >= 0 {
		head += fmt.Sprintf(" · preflight of entry %d", it.PreflightFor+1)
	}
	if it.RedirectFrom >= 0 {
		head += fmt.Sprintf(" · redirected from entry %d", it.RedirectFrom+1)
	}
	if it.RedirectedTo >= 0 {
		head += fmt.Sprintf(" · redirected to entry %d", it.RedirectedTo+1)
	}
	lines = append(lines, st.Muted.Render(head))
	lines = append(lines, textview.WrapIndent(st.Section.Render("Why  "), st.Value.Render(clean(it.Report.Summary)), w)...)
	if f, ok := it.Report.Top(); ok {
		for _, e := range f.Evidence {
			lines = append(lines, textview.WrapIndent(st.Muted.Render("  • "), st.Evidence.Render(clean(e)), w)...)
		}
	}
	return lines
}

func (p *trafficPane) Capturing() bool { return p.list.FilterState() != list.Unfiltered }

func (p *trafficPane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok && p.list.FilterState() != list.Filtering {
		k := p.common.KeyMap.Overlay
		switch {
		case key.Matches(km, k.Order):
			p.inOrder = !p.inOrder
			return p.rebuild()
		case key.Matches(km, k.Choose):
			if ti, ok := p.list.SelectedItem().(trafficItem); ok {
				return chooseCmd(openEntryMsg{ti.it})
			}
		}
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	p.build()
	return cmd
}

func (p *trafficPane) title() string {
	name := "Traffic"
	if p.feed != nil && p.feed.Name != "" {
		name += " · " + clean(p.feed.Name)
	}
	order := "failures first"
	if p.inOrder {
		order = "in order"
	}
	state := ""
	switch {
	case p.err != nil:
		state = " · stopped early"
	case !p.done && (p.feed == nil || !p.feed.Live):
		state = " · reading…"
	case p.feed != nil && p.feed.Live:
		state = " · live"
	}
	return fmt.Sprintf("%s · %d entries, %d failed · %s%s", name, len(p.traffic.Items), p.failed, order, state)
}

func (p *trafficPane) View() string {
	st := p.common.Styles
	w, h := inner(p.common.Width, p.common.Height)
	var body []string
	if len(p.traffic.Items) == 0 {
		msg := "Reading the capture…"
		switch {
		case p.err != nil:
			msg = ""
		case p.feed != nil && p.feed.Live:
			msg = "Nothing recorded yet: point the application at the proxy."
		case p.done:
			msg = "The capture holds no entries."
		}
		body = append(body, st.Muted.Render(msg))
	} else {
		body = append(body, trafficHeader(st, w))
		list := lipgloss.NewStyle().Height(max(0, h-2-len(p.detail))).MaxHeight(max(0, h-2-len(p.detail))).Render(p.list.View())
		body = append(body, strings.Split(list, "\n")...)
		body = append(body, p.detail...)
	}
	note := ""
	if p.err != nil {
		note = st.Error.Render("the capture broke off: " + clean(p.err.Error()))
	} else if p.feed != nil && p.feed.Note != "" {
		note = st.Muted.Render(clean(p.feed.Note))
	}
	if note != "" {
		for len(body) < h-1 {
			body = append(body, "")
		}
		body = append(body[:min(len(body), h-1)], note)
	}
	return st.box(p.title(), body, p.common.Width, p.common.Height, true)
}

func (p *trafficPane) ShortHelp() []key.Binding {
	k := p.common.KeyMap.Overlay
	return []key.Binding{k.Choose, k.Filter, k.Order, k.Close}
}

func (p *trafficPane) FullHelp() [][]key.Binding {
	k := p.common.KeyMap.Overlay
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Filter, k.Order, k.Close}}
}
