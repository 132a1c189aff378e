package textview

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are what a Model draws with; the caller's palette fills them.
type Styles struct {
	Muted lipgloss.Style // the search line's "/" and its result
	Match lipgloss.Style // a search match in a row that is not coloured
	// Syntax colours a body, one style per token class; ClassMatch is a
	// search match drawn over the colours.
	Syntax [NumClasses]lipgloss.Style
	Input  textinput.Styles // the search line while it is typed in
}

// sgr is the escape sequences that turn a style on and off again.
type sgr struct{ open, close string }

func sgrOf(st lipgloss.Style) sgr {
	r := st.Render("x")
	i := strings.IndexByte(r, 'x')
	if i < 0 {
		return sgr{}
	}
	return sgr{r[:i], r[i+1:]}
}

// codes are the syntax styles' escape sequences, made once rather than
// per token drawn.
func (s *Styles) codes() (c [NumClasses]sgr) {
	for k, st := range s.Syntax {
		c[k] = sgrOf(st)
	}
	return c
}
