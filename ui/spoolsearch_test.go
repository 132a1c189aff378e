package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// A search of a body on disk finds nothing inside a masked secret (a
// known value, or the value of a secret field), so it cannot spell out
// what the mask hides; revealed, it finds it; elsewhere it finds all.
func TestSpoolSearchSkipsMaskedSecrets(t *testing.T) {
	const token = "tok-straddles-a-cut-0123456789"
	filler := strings.Repeat(`{"id":7,"name":"plain words here"}`+"\n", 3000)
	body := filler + "x " + token + " y\n" +
		`{"id":1,"access_token":"Z1Z1Z1Z1Z1Z1","n":2}` + "\n" + filler +
		`{"note":"` + strings.Repeat("q", 6000) + `","password":"hunter2-is-not-short"}` + "\n" + filler
	sp := spoolOf(t, body)
	a := &attempt{lineSecrets: []string{token}, lineType: "application/x-ndjson"}
	a.X.Response = &request.Response{Spool: sp}
	masked := a.searchable(false)
	if a.searchable(false) != masked {
		t.Fatal("the masked body is a new value each time: a view would drop its search")
	}
	for _, q := range []string{"straddles", "0123", "z1z1", "hunter2"} {
		offs, _, err := masked.Search(context.Background(), q, true, 100)
		if err != nil || len(offs) != 0 {
			t.Errorf("masked, %q found %d times (%v)", q, len(offs), err)
		}
		if offs, _, _ := a.searchable(true).Search(context.Background(), q, true, 100); len(offs) == 0 {
			t.Errorf("revealed, %q is not found", q)
		}
	}
	if offs, _, _ := masked.Search(context.Background(), "plain words", false, 1<<20); len(offs) != 9000 {
		t.Errorf("masked, plain words found %d times, want 9000", len(offs))
	}
	if offs, _, _ := masked.Search(context.Background(), "access_token", false, 10); len(offs) != 1 {
		t.Errorf("a secret field's name is not secret: found %d", len(offs))
	}
}

// spoolOf is body on disk, removed when the test ends.
func spoolOf(t *testing.T, body string) *request.Spool {
	t.Helper()
	sp, err := request.NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sp.Close() })
	if _, err := sp.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	return sp
}
