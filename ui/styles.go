package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/authlens/authlens/ui/textview"
)

// Styles holds every colour and text style the UI draws with. It is built
// once per background (dark or light) and shared by all panes, so no pane
// picks colours of its own.
type Styles struct {
	isDark bool
	boxes  textview.DrawCache // boxes drawn in this palette

	Accent      color.Color
	BorderColor color.Color
	FocusColor  color.Color

	App     lipgloss.Style
	Brand   lipgloss.Style
	Status  lipgloss.Style
	Error   lipgloss.Style
	Muted   lipgloss.Style
	Subtle  lipgloss.Style
	Bold    lipgloss.Style
	Label   lipgloss.Style
	Value   lipgloss.Style
	Secret  lipgloss.Style
	Section lipgloss.Style
	Cursor  lipgloss.Style

	PaneTitle        lipgloss.Style
	PaneTitleFocused lipgloss.Style

	Badge2xx   lipgloss.Style
	Badge3xx   lipgloss.Style
	Badge4xx   lipgloss.Style
	Badge5xx   lipgloss.Style
	BadgeError lipgloss.Style
	BadgeNone  lipgloss.Style
	Pin        lipgloss.Style

	HeaderName  lipgloss.Style
	HeaderValue lipgloss.Style

	FindingTitle lipgloss.Style
	Confidence   lipgloss.Style
	Evidence     lipgloss.Style
	Fix          lipgloss.Style
	Remedy       lipgloss.Style
	Verdict      lipgloss.Style
	Good         lipgloss.Style
	DiffAdd      lipgloss.Style
	DiffDel      lipgloss.Style

	TabActive   lipgloss.Style
	TabInactive lipgloss.Style

	Selected lipgloss.Style
	Spinner  lipgloss.Style
	Match    lipgloss.Style // a search match in a body

	// Text is what a body's text view draws with: its syntax colours,
	// the search's match and line.
	Text textview.Styles
	// Phase draws each part of a response's timing bar and its legend.
	Phase [numPhases]lipgloss.Style

	Help      help.Styles
	List      list.Styles
	ListItems list.DefaultItemStyles
	Input     textinput.Styles
}

// palette is the colours of one background, light or dark.
type palette struct {
	accent, border, muted, subtle, text, green, cyan, amber, red, onBadge color.Color
	ld                                                                    func(light, dark color.Color) color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	return palette{
		ld:      ld,
		accent:  ld(lipgloss.Color("#6A4FD8"), lipgloss.Color("#9C8CFF")),
		border:  ld(lipgloss.Color("#C8C8C8"), lipgloss.Color("#4E4E4E")),
		muted:   ld(lipgloss.Color("#7A7A7A"), lipgloss.Color("#8A8A8A")),
		subtle:  ld(lipgloss.Color("#A0A0A0"), lipgloss.Color("#5F5F5F")),
		text:    ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#E4E4E4")),
		green:   ld(lipgloss.Color("#0A8A4A"), lipgloss.Color("#3FD18A")),
		cyan:    ld(lipgloss.Color("#0B7C99"), lipgloss.Color("#5BC8E8")),
		amber:   ld(lipgloss.Color("#A35F00"), lipgloss.Color("#F2B45A")),
		red:     ld(lipgloss.Color("#C0283E"), lipgloss.Color("#FF6B81")),
		onBadge: ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#111111")),
	}
}

// NewStyles builds the styles for a dark or a light terminal background.
func NewStyles(isDark bool) *Styles {
	p := newPalette(isDark)
	s := &Styles{
		isDark:      isDark,
		Accent:      p.accent,
		BorderColor: p.border,
		FocusColor:  p.accent,

		App:     lipgloss.NewStyle().Foreground(p.text),
		Brand:   lipgloss.NewStyle().Bold(true).Foreground(p.accent),
		Status:  lipgloss.NewStyle().Foreground(p.muted),
		Error:   lipgloss.NewStyle().Foreground(p.red),
		Muted:   lipgloss.NewStyle().Foreground(p.muted),
		Subtle:  lipgloss.NewStyle().Foreground(p.subtle),
		Bold:    lipgloss.NewStyle().Bold(true),
		Label:   lipgloss.NewStyle().Foreground(p.muted),
		Value:   lipgloss.NewStyle().Foreground(p.text),
		Secret:  lipgloss.NewStyle().Foreground(p.amber),
		Section: lipgloss.NewStyle().Foreground(p.accent).Bold(true),
		Cursor:  lipgloss.NewStyle().Foreground(p.accent).Bold(true),

		PaneTitle:        lipgloss.NewStyle().Foreground(p.muted),
		PaneTitleFocused: lipgloss.NewStyle().Foreground(p.accent).Bold(true),
	}
	s.setMarks(p)

	// Colours only, apart from italic comments: under a profile without
	// colour a body reads as plain text, and a search match, drawn in
	// reverse, still shows.
	syntax := [textview.NumClasses]lipgloss.Style{
		textview.ClassKey:     lipgloss.NewStyle().Foreground(p.cyan),
		textview.ClassString:  lipgloss.NewStyle().Foreground(p.ld(lipgloss.Color("#2F7D32"), lipgloss.Color("#A6DA95"))),
		textview.ClassNumber:  lipgloss.NewStyle().Foreground(p.amber),
		textview.ClassKeyword: lipgloss.NewStyle().Foreground(p.accent),
		textview.ClassComment: lipgloss.NewStyle().Foreground(p.muted).Italic(true),
		textview.ClassPunct:   lipgloss.NewStyle().Foreground(p.muted),
		textview.ClassAttr:    lipgloss.NewStyle().Foreground(p.ld(lipgloss.Color("#A8327A"), lipgloss.Color("#F0A0D0"))),
		textview.ClassMatch:   s.Match,
	}
	s.Phase = [numPhases]lipgloss.Style{
		phaseHops:     lipgloss.NewStyle().Foreground(p.subtle),
		phaseDNS:      lipgloss.NewStyle().Foreground(p.cyan),
		phaseConnect:  lipgloss.NewStyle().Foreground(p.amber),
		phaseTLS:      lipgloss.NewStyle().Foreground(p.accent),
		phaseTTFB:     lipgloss.NewStyle().Foreground(p.green),
		phaseTransfer: lipgloss.NewStyle().Foreground(p.ld(lipgloss.Color("#1F5FBF"), lipgloss.Color("#7FB2FF"))),
	}

	s.Help = help.DefaultStyles(isDark)
	s.Help.ShortKey = s.Help.ShortKey.Foreground(p.accent)
	s.Help.FullKey = s.Help.FullKey.Foreground(p.accent)
	s.Help.ShortDesc = s.Help.ShortDesc.Foreground(p.muted)
	s.Help.FullDesc = s.Help.FullDesc.Foreground(p.muted)

	s.List = list.DefaultStyles(isDark)
	s.List.Title = s.List.Title.Background(p.accent).Foreground(p.onBadge)
	s.ListItems = list.NewDefaultItemStyles(isDark)
	s.ListItems.SelectedTitle = s.ListItems.SelectedTitle.Foreground(p.accent).BorderForeground(p.accent)
	s.ListItems.SelectedDesc = s.ListItems.SelectedDesc.BorderForeground(p.accent)

	s.Input = textinput.DefaultStyles(isDark)
	s.Input.Focused.Prompt = s.Input.Focused.Prompt.Foreground(p.accent)
	s.Text = textview.Styles{Muted: s.Muted, Match: s.Match, Syntax: syntax, Input: s.Input}
	return s
}

// setMarks sets the styles that say something: status badges, headers,
// findings, diffs and selections.
func (s *Styles) setMarks(p palette) {
	badge := lipgloss.NewStyle().Bold(true).Padding(0, 1).Foreground(p.onBadge)
	s.Badge2xx = badge.Background(p.green)
	s.Badge3xx = badge.Background(p.cyan)
	s.Badge4xx = badge.Background(p.amber)
	s.Badge5xx = badge.Background(p.red)
	s.BadgeError = badge.Background(p.red)
	s.BadgeNone = lipgloss.NewStyle().Foreground(p.muted)
	s.Pin = lipgloss.NewStyle().Foreground(p.amber).Bold(true)

	s.HeaderName = lipgloss.NewStyle().Foreground(p.cyan)
	s.HeaderValue = lipgloss.NewStyle().Foreground(p.text)

	s.FindingTitle = lipgloss.NewStyle().Bold(true).Foreground(p.text)
	s.Confidence = lipgloss.NewStyle().Foreground(p.amber)
	s.Evidence = lipgloss.NewStyle().Foreground(p.text).Italic(true)
	s.Fix = lipgloss.NewStyle().Foreground(p.text)
	s.Remedy = lipgloss.NewStyle().Foreground(p.green).Bold(true)
	s.Verdict = lipgloss.NewStyle().Foreground(p.green).Bold(true)
	s.Good = lipgloss.NewStyle().Foreground(p.green)
	s.DiffAdd = lipgloss.NewStyle().Foreground(p.green)
	s.DiffDel = lipgloss.NewStyle().Foreground(p.red)

	s.TabActive = lipgloss.NewStyle().Bold(true).Foreground(p.accent).Underline(true)
	s.TabInactive = lipgloss.NewStyle().Foreground(p.muted)

	s.Selected = lipgloss.NewStyle().Foreground(p.accent).Bold(true)
	s.Spinner = lipgloss.NewStyle().Foreground(p.accent)
	s.Match = lipgloss.NewStyle().Reverse(true)
}

// StatusBadge picks the badge style for a status code; 0 means no response.
func (s *Styles) StatusBadge(status int) lipgloss.Style {
	switch {
	case status == 0:
		return s.BadgeError
	case status < 300:
		return s.Badge2xx
	case status < 400:
		return s.Badge3xx
	case status < 500:
		return s.Badge4xx
	default:
		return s.Badge5xx
	}
}

// Joins and the frame are cached by their parts: when no pane changed,
// nothing is measured again.
const (
	tagJoinH byte = iota + 2
	tagJoinV
	tagFrame
)

// joinHorizontal is lipgloss.JoinHorizontal, remembered.
func (s *Styles) joinHorizontal(pos lipgloss.Position, blocks ...string) string {
	return s.boxes.Memo(textview.PartsKey(tagJoinH, int(pos*1000), 0, blocks), func() string {
		return lipgloss.JoinHorizontal(pos, blocks...)
	})
}

// joinVertical is lipgloss.JoinVertical, remembered.
func (s *Styles) joinVertical(pos lipgloss.Position, blocks ...string) string {
	return s.boxes.Memo(textview.PartsKey(tagJoinV, int(pos*1000), 0, blocks), func() string {
		return lipgloss.JoinVertical(pos, blocks...)
	})
}
