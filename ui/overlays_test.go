package ui

import "testing"

func TestOverlayStack(t *testing.T) {
	list, confirm, lab := &requestListPane{}, &confirmPane{}, &labPane{}
	var s overlayStack
	if s.top() != nil || s.showing(list) {
		t.Fatal("a new stack covers nothing")
	}
	s.open(list)
	s.push(confirm)
	if !s.showing(confirm) || s.showing(list) {
		t.Fatal("the question is on top of the list")
	}
	s.pop()
	if !s.showing(list) {
		t.Fatal("answering the question goes back to the list")
	}
	s.push(confirm)
	s.open(lab)
	if !s.showing(lab) || len(s) != 1 {
		t.Fatalf("opening an overlay replaces what was open: %d deep", len(s))
	}
	s.closeAll()
	s.pop() // nothing to pop: no panic
	if s.top() != nil {
		t.Fatal("closed, yet covered")
	}
}
