package ui

import (
	"net/http"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// methods are the ones space cycles through on the Method row; any other
// is typed with i.
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions}

func nextMethod(m string) string {
	for i, x := range methods {
		if strings.EqualFold(x, m) {
			return methods[(i+1)%len(methods)]
		}
	}
	return methods[0]
}

// cycleMethod moves to the next common method.
func (p *requestPane) cycleMethod() tea.Cmd {
	p.req.Method = nextMethod(p.req.Method)
	p.refresh()
	return statusCmd("method: " + p.req.Method)
}
