package ui

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
)

// CycleScheme moves to the next auth scheme and picks the first saved
// credential for it. It returns a line for the status bar.
func (p *requestPane) CycleScheme() string {
	cur := p.req.Auth.Scheme
	next := request.SchemeNone
	for i, s := range schemeOrder {
		if s == cur || (cur == "" && s == request.SchemeNone) {
			next = schemeOrder[(i+1)%len(schemeOrder)]
			break
		}
	}
	p.req.Auth.Scheme = next
	p.credIdx = -1
	if next == request.SchemeNone {
		p.refresh()
		return "auth: none"
	}
	for i, c := range p.creds {
		if c.Auth.Scheme == next && c.OfferedTo(p.req.URL) {
			p.useCredential(i)
			return fmt.Sprintf("auth: %s · %s", next.Label(), c.Name)
		}
	}
	p.refresh()
	return fmt.Sprintf("auth: %s · no saved credential, press i on it to type one", next.Label())
}

// CycleCredential moves to the next saved credential of the current scheme.
func (p *requestPane) CycleCredential() string {
	scheme := p.req.Auth.Scheme
	if scheme == "" || scheme == request.SchemeNone {
		return "no auth scheme chosen: press a first"
	}
	var idx []int
	for i, c := range p.creds {
		if c.Auth.Scheme == scheme && c.OfferedTo(p.req.URL) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return fmt.Sprintf("no saved %s credentials", scheme.Label())
	}
	next := idx[0]
	for j, i := range idx {
		if i == p.credIdx {
			next = idx[(j+1)%len(idx)]
		}
	}
	if name := p.offered[scheme]; name != "" {
		for _, i := range idx {
			if p.creds[i].Name == name {
				next = i
			}
		}
		delete(p.offered, scheme)
	}
	p.useCredential(next)
	return fmt.Sprintf("credential: %s (%d of %d)", p.creds[next].Name, indexOf(idx, next)+1, len(idx))
}

func indexOf(xs []int, v int) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return -1
}

// useCredential copies a saved credential's fields for its scheme, keeping
// the other schemes' fields so that cycling loses nothing.
func (p *requestPane) useCredential(i int) {
	p.req.Auth = p.req.Auth.Adopt(p.creds[i].Auth)
	p.credIdx = i
	p.refresh()
}

// matchCredential finds the saved credential equal to the request's auth.
func (p *requestPane) matchCredential() int {
	a := p.req.Auth
	for i, c := range p.creds {
		if c.Auth.SameCredential(a) {
			return i
		}
	}
	return -1
}

func keyName(a request.Auth) string {
	if a.KeyName == "" {
		return "X-API-Key"
	}
	return a.KeyName
}

// noteEnv remembers values read from the environment, to mask them.
func (p *requestPane) noteEnv(vals []string) {
	if len(vals) == 0 {
		return
	}
	defer p.refresh()
	for _, v := range vals {
		if !slices.Contains(p.envValues, v) {
			p.envValues = append(p.envValues, v)
		}
	}
	// Longest first, so a value inside another is not masked half.
	slices.SortFunc(p.envValues, func(a, b string) int { return len(b) - len(a) })
}

// hideEnv masks, unless secrets are shown, the environment's values in s.
func (p *requestPane) hideEnv(s string) string {
	if p.reveal {
		return s
	}
	for _, v := range p.envValues {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, request.Mask(v))
		}
		if q := url.QueryEscape(v); q != v && strings.Contains(s, q) {
			s = strings.ReplaceAll(s, q, request.Mask(v))
		}
	}
	return s
}

// holdsEnv reports whether s carries a value from the environment.
func (p *requestPane) holdsEnv(s string) bool {
	return p.hideEnv(s) != s
}
