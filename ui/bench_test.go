package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// bigJSON is an n-byte JSON array of user records on one line.
func bigJSON(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"user %d","email":"user%d@example.test","roles":["reader","writer"],"active":true}`, i, i, i)
	}
	b.WriteString("]")
	return b.String()
}

// largePair is a model showing a 10 MiB JSON response next to a 401.
func largePair(b *testing.B) Model {
	b.Helper()
	body := bigJSON(10 << 20)
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 160, 45)
	m = deliver(m, request.Request{URL: "http://a.test/"}, recorded(401, "", http.Header{}, `{"error":"no"}`))
	m = deliver(m, request.Request{URL: "http://a.test/"}, recorded(200, "Bearer x", http.Header{"Content-Type": {"application/json"}}, body))
	return m
}

// BenchmarkViewLargeBody: one frame with a 10 MiB body on screen.
func BenchmarkViewLargeBody(b *testing.B) {
	m := largePair(b)
	m.setFocus(focusAfter)
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkScrollLargeBody: a scroll key and the frame after it.
func BenchmarkScrollLargeBody(b *testing.B) {
	m := largePair(b)
	m.setFocus(focusAfter)
	down := tea.KeyPressMsg{Code: tea.KeyPgDown}
	b.ResetTimer()
	for b.Loop() {
		next, _ := m.Update(down)
		m = next.(Model)
		_ = m.View()
	}
}

// BenchmarkArrivalLargeBody: formatting and filing a 10 MiB response.
func BenchmarkArrivalLargeBody(b *testing.B) {
	body := bigJSON(10 << 20)
	m := newModel(Options{Request: request.Request{URL: "http://a.test/"}}, fixedDuration)
	m, _ = render(m, 160, 45)
	x := recorded(200, "Bearer x", http.Header{"Content-Type": {"application/json"}}, body)
	b.ResetTimer()
	for b.Loop() {
		_ = deliver(m, request.Request{URL: "http://a.test/"}, x)
	}
}
