package request

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestSendDigest(t *testing.T) {
	srv := startHTTPBin(t)
	tests := []struct {
		name     string
		path     string
		password string
		status   int
	}{
		{"MD5 right password", "/digest-auth/auth/mufasa/circle-of-life/MD5", "circle-of-life", 200},
		{"SHA-256 right password", "/digest-auth/auth/mufasa/circle-of-life/SHA-256", "circle-of-life", 200},
		{"MD5 wrong password", "/digest-auth/auth/mufasa/circle-of-life/MD5", "wrong", 401},
		{"SHA-256 wrong password", "/digest-auth/auth/mufasa/circle-of-life/SHA-256", "wrong", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := NewClient().Send(context.Background(), Request{URL: srv.URL + tt.path, Auth: Auth{Scheme: SchemeDigest, User: "mufasa", Password: tt.password}})
			if x.Error != nil {
				t.Fatal(x.Error)
			}
			if x.Status() != tt.status {
				t.Fatalf("status %d, want %d: %s", x.Status(), tt.status, x.Response.Body)
			}
			if len(x.AuthRounds) != 1 {
				t.Fatalf("%d auth rounds, want the first 401 recorded", len(x.AuthRounds))
			}
			first := x.AuthRounds[0]
			if first.Response.Status != 401 || first.Request.Headers.Get("Authorization") != "" ||
				!strings.HasPrefix(first.Response.Headers.Get("WWW-Authenticate"), "Digest ") {
				t.Errorf("first round %+v", first)
			}
			if !strings.HasPrefix(x.Request.Headers.Get("Authorization"), "Digest username=\"mufasa\"") {
				t.Errorf("resend carried %q", x.Request.Headers.Get("Authorization"))
			}
			if len(x.Redirects) != 0 {
				t.Errorf("challenge recorded as redirect: %+v", x.Redirects)
			}
		})
	}
}

func TestDigestRFC7616Examples(t *testing.T) {
	// RFC 7616 §3.9.1, with the RFC's fixed cnonce.
	ch := digestChallenge{
		realm: "http-auth@example.org", nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
		opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", qops: []string{"auth", "auth-int"},
	}
	const cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
	tests := []struct {
		alg, want string
	}{
		{"MD5", `response="8ca523f5e9506fed4657c9700eebdbec"`},
		{"SHA-256", `response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"`},
	}
	for _, tt := range tests {
		ch.algorithm = tt.alg
		got := digestWith(ch, "Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce, digestHash(tt.alg), false)
		if !strings.Contains(got, tt.want) || !strings.Contains(got, `opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`) || !strings.Contains(got, "qop=auth, nc=00000001") {
			t.Errorf("%s: %s", tt.alg, got)
		}
	}
}

func TestParseChallenges(t *testing.T) {
	got := parseChallenges([]string{
		`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
		`Basic realm="simple", charset="UTF-8", Bearer, Newauth realm="apps", title="Login to \"apps\""`,
		`Bearer abc.def==`,
	})
	want := []challenge{
		{"Digest", map[string]string{"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "SHA-256", "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}},
		{"Basic", map[string]string{"realm": "simple", "charset": "UTF-8"}},
		{"Bearer", map[string]string{}},
		{"Newauth", map[string]string{"realm": "apps", "title": `Login to "apps"`}},
		{"Bearer", map[string]string{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestPickDigestPrefersStrongest(t *testing.T) {
	ch, ok := pickDigest([]string{
		`Digest realm="r", qop="auth", algorithm=MD5, nonce="n1"`,
		`Digest realm="r", qop="auth", algorithm=SHA-256, nonce="n2"`,
		`Digest realm="r", qop="auth-int", algorithm=SHA-512-256, nonce="n3"`,
	})
	if !ok || ch.algorithm != "SHA-256" || ch.nonce != "n2" {
		t.Fatalf("picked %+v", ch)
	}
	if _, ok := pickDigest([]string{`Basic realm="r"`}); ok {
		t.Error("picked a Digest challenge from a Basic one")
	}
}

func TestDigestNotAnsweredForOtherSchemes(t *testing.T) {
	resp := &http.Response{StatusCode: 401, Header: http.Header{"Www-Authenticate": {`Digest realm="r", nonce="n"`}}}
	if _, ok := answerDigest(Sent{Method: "GET", URL: "http://x/", Headers: http.Header{}}, resp, Auth{Scheme: SchemeBasic}); ok {
		t.Error("answered a Digest challenge for a Basic request")
	}
}
