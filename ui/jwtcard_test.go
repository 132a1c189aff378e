package ui

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/authlens/authlens/request"
)

var cardNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// makeJWT builds an unsigned-looking HS256 token with the given claims.
func makeJWT(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + "." + enc([]byte("signature-bytes"))
}

func jwtModel(claims string) Model {
	req := request.Request{Method: "GET", URL: "http://api.example.test/v1/users",
		Auth: request.Auth{Scheme: request.SchemeBearer, Token: makeJWT(claims)}}
	m := newModel(Options{Request: req}, fixedDuration)
	m.setClock(func() time.Time { return cardNow })
	return m
}

// TestJWTCard: a Bearer JWT shows its alg, aud, iss, sub, scope and how
// long it has left, against the injected clock.
func TestJWTCard(t *testing.T) {
	exp := cardNow.Add(4*time.Minute + 12*time.Second).Unix()
	m := jwtModel(fmt.Sprintf(`{"iss":"https://id.example.test","aud":"users-api","sub":"ada","scope":"users:read users:write","exp":%d}`, exp))
	for _, size := range [][2]int{{160, 45}, {100, 30}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			var frame string
			m, frame = render(m, size[0], size[1])
			checkFrame(t, frame, size[0], size[1])
			screen := ansi.Strip(frame)
			wants := []string{"JWT", "HS256", "expires in 4m12s"}
			if size[0] == 160 {
				wants = append(wants, "aud users-api · sub ada", "iss https://id.example.test", "scope users:read users:write")
			}
			for _, want := range wants {
				if !strings.Contains(screen, want) {
					t.Errorf("card lacks %q:\n%s", want, screen)
				}
			}
			golden.RequireEqual(t, screen)
		})
	}
}

// TestJWTCardCountsDown: each tick reads the clock again; an expired token
// says how long ago, and the tick stops when no JWT is shown.
func TestJWTCardCountsDown(t *testing.T) {
	exp := cardNow.Add(3 * time.Second)
	now := cardNow
	m := jwtModel(fmt.Sprintf(`{"sub":"ada","exp":%d}`, exp.Unix()))
	m.setClock(func() time.Time { return now })
	m, frame := render(m, 120, 40)
	if !strings.Contains(ansi.Strip(frame), "expires in 3s") {
		t.Fatalf("before the tick:\n%s", ansi.Strip(frame))
	}
	now = exp.Add(2 * time.Hour)
	next, cmd := m.Update(clockTickMsg{})
	m = next.(Model)
	if got := ansi.Strip(m.View().Content); !strings.Contains(got, "expired 2h ago") {
		t.Fatalf("after the tick:\n%s", got)
	}
	if cmd == nil {
		t.Fatal("no next tick while the JWT is shown")
	}
	// No JWT, no tick.
	m.request.SetRequest(request.Request{Method: "GET", URL: "http://a.test/"}, "")
	next, cmd = m.Update(clockTickMsg{})
	m = next.(Model)
	if cmd != nil {
		t.Fatalf("a tick was scheduled with no JWT on screen: %T", cmd())
	}
	if m.request.ShowsJWT() {
		t.Fatal("card still shown")
	}
}

func TestExpiryText(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{4*time.Minute + 12*time.Second + 300*time.Millisecond, "4m12s"},
		{59*time.Minute + 59*time.Second, "59m"},
		{3*time.Hour + 7*time.Minute, "3h7m"},
		{50 * time.Hour, "2d2h"},
	} {
		if got := untilText(c.d); got != c.want {
			t.Errorf("untilText(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{30 * time.Second, "30s"}, {2*time.Hour + 5*time.Minute, "2h"}, {72 * time.Hour, "3d"}} {
		if got := agoText(c.d); got != c.want {
			t.Errorf("agoText(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}
