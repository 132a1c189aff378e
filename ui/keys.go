package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every binding the UI answers, grouped by where it applies. The
// help bar is built from it, and bindings that do not apply right now are
// disabled so the help hides them.
type KeyMap struct {
	Global  GlobalKeys
	Request RequestKeys
	Scroll  ScrollKeys
	// Response: search and view toggles in a focused response pane.
	Response ResponseKeys
	Details  key.Binding // diagnosis: every finding in full, or the top one
	Edit     EditKeys
	Overlay  OverlayKeys
	// Confirm answers a question that holds credentials back.
	Confirm ConfirmKeys
}

// ConfirmKeys answer a yes/no question.
type ConfirmKeys struct {
	Yes key.Binding
	No  key.Binding
}

// GlobalKeys act in normal mode whichever pane has focus.
type GlobalKeys struct {
	NextPane key.Binding
	PrevPane key.Binding
	Send     key.Binding
	Auth     key.Binding
	Cred     key.Binding
	Pin      key.Binding
	Fix      key.Binding
	Reveal   key.Binding
	Copy     key.Binding
	History  key.Binding
	Lab      key.Binding
	Requests key.Binding
	Matrix   key.Binding
	Origin   key.Binding
	Save     key.Binding
	Diff     key.Binding
	Verify   key.Binding
	Import   key.Binding
	Help     key.Binding
	Cancel   key.Binding
	Quit     key.Binding
}

// RequestKeys move through and edit the request's fields.
type RequestKeys struct {
	Up        key.Binding
	Down      key.Binding
	Edit      key.Binding
	AddHeader key.Binding
	Delete    key.Binding
	Toggle    key.Binding
	// While the URL is edited: walk the URLs sent before, or complete
	// the typed text from them.
	HistoryUp   key.Binding
	HistoryDown key.Binding
	Complete    key.Binding
	// While the body is edited enter is a newline, so esc is how to
	// leave; the text is kept.
	Newline  key.Binding
	BodyDone key.Binding
}

// ScrollKeys scroll the response and diagnosis panes.
type ScrollKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Left     key.Binding
	Right    key.Binding
}

// ResponseKeys search a response's body and change how it is drawn. w
// saves the request, so wrapping is on W.
type ResponseKeys struct {
	Search key.Binding
	Next   key.Binding
	Prev   key.Binding
	Wrap   key.Binding
	Raw    key.Binding
}

// EditKeys apply while a field is being edited.
type EditKeys struct {
	Commit key.Binding
	Leave  key.Binding
	Send   key.Binding
}

// OverlayKeys drive the history, lab, matrix and export views.
type OverlayKeys struct {
	Up     key.Binding
	Down   key.Binding
	Choose key.Binding
	Before key.Binding
	Filter key.Binding
	Close  key.Binding
	Format key.Binding // export: curl, fetch, HTTPie, raw HTTP
}

// DefaultKeyMap is the key map from DESIGN.md.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Global: GlobalKeys{
			NextPane: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
			PrevPane: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev pane")),
			Send:     key.NewBinding(key.WithKeys("s", "ctrl+j"), key.WithHelp("s", "send")),
			Auth:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "auth scheme")),
			Cred:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "next credential")),
			Pin:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pin as before")),
			Fix:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "apply fix")),
			Reveal:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "reveal secrets")),
			Copy:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy request")),
			History:  key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "history")),
			Lab:      key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "lab")),
			Requests: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", ".http requests")),
			Matrix:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "auth matrix")),
			Origin:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "origin (CORS)")),
			Save:     key.NewBinding(key.WithKeys("ctrl+s", "w"), key.WithHelp("w", "save as .http")),
			Diff:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "diff A/B")),
			Import:   key.NewBinding(key.WithKeys("ctrl+v"), key.WithHelp("ctrl+v", "paste curl")),
			Verify:   key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "verify JWT")),
			Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
			Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel send")),
			Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		},
		Request: RequestKeys{
			Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
			Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
			Edit:      key.NewBinding(key.WithKeys("i", "enter"), key.WithHelp("i", "edit field")),
			AddHeader: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new header")),
			Delete:    key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "delete header")),
			Toggle:    key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "header on/off")),

			HistoryUp:   key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑↓", "history")),
			HistoryDown: key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "newer URL")),
			Complete:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
			Newline:     key.NewBinding(key.WithKeys("enter", "ctrl+m"), key.WithHelp("enter", "new line")),
			BodyDone:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "done (keeps text)")),
		},
		Scroll: ScrollKeys{
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll")),
			Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll")),
			PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d", "space"), key.WithHelp("pgdn", "page down")),
			Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
			Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
			Left:     key.NewBinding(key.WithKeys("left")),
			Right:    key.NewBinding(key.WithKeys("right")),
		},
		Response: ResponseKeys{
			Search: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search body")),
			Next:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev match")),
			Prev:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
			Wrap:   key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "cut long lines")),
			Raw:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "raw body")),
		},
		Details: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "more/less detail")),
		Edit: EditKeys{
			Commit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
			Leave:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop editing")),
			Send:   key.NewBinding(key.WithKeys("ctrl+j"), key.WithHelp("ctrl+j", "send")),
		},
		Overlay: OverlayKeys{
			Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
			Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
			Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
			Before: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pin as before")),
			Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
			Close:  key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),
			Format: key.NewBinding(key.WithKeys("tab", "shift+tab", "1", "2", "3", "4"), key.WithHelp("tab/1-4", "format")),
		},
		Confirm: ConfirmKeys{
			Yes: key.NewBinding(key.WithKeys("y", "Y", "enter"), key.WithHelp("y/enter", "send")),
			No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "do not send")),
		},
	}
}

// helpKeys is the set of bindings shown in the help bar right now; the root
// model assembles it from the focused pane and the global keys.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
