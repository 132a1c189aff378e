package diagnose

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestParseChallenges(t *testing.T) {
	type p = map[string]string
	tests := []struct {
		name    string
		in      []string
		want    []Challenge
		wantErr bool
	}{
		{"bearer realm", []string{`Bearer realm="authlens-lab"`},
			[]Challenge{{Scheme: "Bearer", Params: p{"realm": "authlens-lab"}}}, false},
		{"bare scheme", []string{`Bearer`}, []Challenge{{Scheme: "Bearer"}}, false},
		{"rfc 9110 example: two in one header, escapes",
			[]string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`},
			[]Challenge{
				{Scheme: "Newauth", Params: p{"realm": "apps", "type": "1", "title": `Login to "apps"`}},
				{Scheme: "Basic", Params: p{"realm": "simple"}},
			}, false},
		{"across headers", []string{`Basic realm="a"`, `Bearer realm="b", error="invalid_token"`},
			[]Challenge{{Scheme: "Basic", Params: p{"realm": "a"}}, {Scheme: "Bearer", Params: p{"realm": "b", "error": "invalid_token"}}}, false},
		{"token68 with padding", []string{`Negotiate YIIB+gYGKwYBBQUCoIIB7jCCAeqgDTALBgkqhkiG9xIBAgI==`},
			[]Challenge{{Scheme: "Negotiate", Token68: "YIIB+gYGKwYBBQUCoIIB7jCCAeqgDTALBgkqhkiG9xIBAgI=="}}, false},
		{"token68 then another challenge", []string{`Negotiate abc/def=, NTLM`},
			[]Challenge{{Scheme: "Negotiate", Token68: "abc/def="}, {Scheme: "NTLM"}}, false},
		{"case-insensitive names, BWS around =", []string{`BEARER Realm = "x" , ERROR=invalid_token`},
			[]Challenge{{Scheme: "BEARER", Params: p{"realm": "x", "error": "invalid_token"}}}, false},
		{"empty list elements", []string{` , Basic realm="a",, , Bearer ,`},
			[]Challenge{{Scheme: "Basic", Params: p{"realm": "a"}}, {Scheme: "Bearer"}}, false},
		{"registry bearer, no spaces", []string{`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"`},
			[]Challenge{{Scheme: "Bearer", Params: p{"realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:library/alpine:pull"}}}, false},
		{"digest", []string{`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`},
			[]Challenge{{Scheme: "Digest", Params: p{"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "SHA-256", "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}}}, false},
		{"unterminated quote keeps what it read", []string{`Bearer realm="abc`},
			[]Challenge{{Scheme: "Bearer", Params: p{"realm": "abc"}}}, true},
		{"missing comma is forgiven", []string{`Bearer realm="x" error="invalid_token"`},
			[]Challenge{{Scheme: "Bearer", Params: p{"realm": "x", "error": "invalid_token"}}}, true},
		{"empty", []string{"", "   "}, nil, false},
		{"garbage", []string{`"=,;`}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseChallenges(tt.in)
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestChallengeString(t *testing.T) {
	c := Challenge{Scheme: "Bearer", Params: map[string]string{"realm": `a "b"`, "error": "invalid_token"}}
	got := c.String()
	if got != `Bearer error="invalid_token", realm="a \"b\""` {
		t.Fatalf("String() = %s", got)
	}
	back, err := ParseChallenges([]string{got})
	if err != nil || !reflect.DeepEqual(back, []Challenge{c}) {
		t.Fatalf("round trip: %#v, %v", back, err)
	}
}

func TestDecodeJWT(t *testing.T) {
	tok := mkJWT(jwt.MapClaims{"sub": "alice", "iss": "https://issuer.test", "aud": []string{"a", "b"},
		"exp": unix(time.Hour), "nbf": unix(-time.Minute), "iat": unix(-time.Minute), "scope": "read write"}, "k1")
	j, err := DecodeJWT("Bearer " + tok)
	if err != nil {
		t.Fatal(err)
	}
	if j.Alg != "HS256" || j.Kid != "k1" || j.Typ != "JWT" || j.Subject != "alice" || j.Issuer != "https://issuer.test" {
		t.Errorf("header or claims wrong: %+v", j)
	}
	if !j.Expires.Equal(at0.Add(time.Hour)) || !j.NotBefore.Equal(at0.Add(-time.Minute)) || !j.IssuedAt.Equal(at0.Add(-time.Minute)) {
		t.Errorf("times wrong: exp %v nbf %v iat %v", j.Expires, j.NotBefore, j.IssuedAt)
	}
	if !reflect.DeepEqual(j.Audience, []string{"a", "b"}) || !reflect.DeepEqual(j.Scopes, []string{"read", "write"}) {
		t.Errorf("aud %v scope %v", j.Audience, j.Scopes)
	}
	if j.ExpiredAt(at0) || !j.ExpiredAt(at0.Add(2*time.Hour)) {
		t.Error("ExpiredAt wrong")
	}

	one := mkJWT(jwt.MapClaims{"aud": "only", "scp": []string{"x", "y"}}, "")
	j, err = DecodeJWT(one)
	if err != nil || !reflect.DeepEqual(j.Audience, []string{"only"}) || !reflect.DeepEqual(j.Scopes, []string{"x", "y"}) || !j.Expires.IsZero() {
		t.Errorf("single aud / scp list: %+v %v", j, err)
	}

	none := mkUnsigned(map[string]any{"sub": "admin"})
	j, err = DecodeJWT(none)
	if err != nil || !j.Unsigned() || j.Alg != "none" {
		t.Errorf("alg none: %+v %v", j, err)
	}

	// An alg the library does not know still has readable claims.
	enc := base64.RawURLEncoding
	odd := enc.EncodeToString([]byte(`{"alg":"XY999","kid":"z"}`)) + "." + enc.EncodeToString([]byte(`{"sub":"s"}`)) + ".c2ln"
	j, err = DecodeJWT(odd)
	if err != nil || j.Alg != "XY999" || j.Subject != "s" {
		t.Errorf("unknown alg: %+v %v", j, err)
	}

	for _, bad := range []string{"", "abc", "a.b", "a.b.c.d.e", "!!!.???.x", enc.EncodeToString([]byte("[1]")) + ".e30.", `"` + tok} {
		if _, err := DecodeJWT(bad); err == nil && bad != `"`+tok {
			t.Errorf("DecodeJWT(%q) accepted", bad)
		}
	}
}

func TestReadErrorBody(t *testing.T) {
	tests := []struct {
		body, ct, kind, msg, code string
	}{
		{`{"error":"No authorization token provided"}`, "", "json", "No authorization token provided", ""},
		{`{"error":"invalid_token","error_description":"The access token expired"}`, "", "oauth2", "The access token expired", "invalid_token"},
		{`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"Token missing"}`, "application/problem+json", "problem+json", "Token missing", "Unauthorized"},
		{`{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`, "", "github", "Bad credentials", ""},
		{`{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}`, "", "google", "denied", "PERMISSION_DENIED"},
		{`{"error":{"message":"Invalid API Key provided","type":"invalid_request_error","code":"api_key_invalid"}}`, "", "stripe", "Invalid API Key provided", "invalid_request_error api_key_invalid"},
		{`<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`, "", "aws", "Access Denied", "AccessDenied"},
		{`{"ok":false,"error":"invalid_auth"}`, "", "slack", "invalid_auth", "invalid_auth"},
		{`{"detail":"Authentication credentials were not provided."}`, "", "drf", "Authentication credentials were not provided.", ""},
		{`{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"expired"}`, "", "aws", "expired", "ExpiredTokenException"},
		{"<html><head><title>401 Authorization Required</title></head></html>", "", "html", "401 Authorization Required", ""},
		{"Unauthorized\nmore", "", "text", "Unauthorized", ""},
		{"bell\x07 and \x1b[31mred", "", "text", `bell\x07 and \x1b[31mred`, ""},
	}
	for _, tt := range tests {
		e := readErrorBody(tt.body, tt.ct)
		if e.Kind != tt.kind || e.Message != tt.msg || e.Code != tt.code {
			t.Errorf("readErrorBody(%.40q) = kind %q msg %q code %q; want %q %q %q", tt.body, e.Kind, e.Message, e.Code, tt.kind, tt.msg, tt.code)
		}
	}
	if long := readErrorBody(strings.Repeat("x", 1000), ""); len([]rune(long.Message)) != maxQuote+1 {
		t.Errorf("long text not cut: %d runes", len([]rune(long.Message)))
	}
}

func TestReadRateLimit(t *testing.T) {
	now := at0
	tests := []struct {
		name  string
		h     http.Header
		wait  float64
		left  string
		lines int
	}{
		{"retry-after seconds", hdrs("Retry-After: 30"), 30, "", 1},
		{"retry-after date", hdrs("Retry-After: " + now.Add(90*time.Second).Format(http.TimeFormat)), 90, "", 1},
		{"github epoch reset", hdrs("X-RateLimit-Remaining: 0", "X-RateLimit-Reset: "+itoa(now.Add(10*time.Minute).Unix())), 600, "0", 2},
		{"ietf delta reset", hdrs("RateLimit-Remaining: 0", "RateLimit-Reset: 42"), 42, "0", 2},
		{"structured field", hdrs(`RateLimit: "default";r=0;t=17`), 17, "0", 1},
		{"go duration", hdrs("X-Ratelimit-Reset-Requests: 6m0s"), 360, "", 1},
		{"nothing", hdrs(), -1, "", 0},
		{"garbage", hdrs("Retry-After: soon", "X-RateLimit-Reset: -5"), -1, "", 2},
	}
	for _, tt := range tests {
		rl := ReadRateLimit(tt.h, now)
		if rl.Wait != tt.wait || rl.Remaining != tt.left || len(rl.Evidence) != tt.lines {
			t.Errorf("%s: wait %v left %q evidence %v", tt.name, rl.Wait, rl.Remaining, rl.Evidence)
		}
	}
}

func TestFmtDur(t *testing.T) {
	for d, want := range map[time.Duration]string{
		72*time.Minute + 10*time.Second: "1h12m",
		45 * time.Second:                "45s",
		2*time.Minute + 5*time.Second:   "2m5s",
		76 * time.Hour:                  "3d4h",
		-5 * time.Minute:                "5m",
		0:                               "0s",
	} {
		if got := fmtDur(d); got != want {
			t.Errorf("fmtDur(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestMask(t *testing.T) {
	if got := mask("eyJhbGciOiJIUzI1NiJ9.payload.sig4"); got != "ey…g4" {
		t.Errorf("mask = %q", got)
	}
	if got := mask("short"); got != "••••" {
		t.Errorf("short mask = %q", got)
	}
	if got := maskAuthorization("Bearer abcdefghijklmnop"); got != "Bearer ab…op" {
		t.Errorf("maskAuthorization = %q", got)
	}
}

func TestVerifyJWT(t *testing.T) {
	tok := mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(-time.Hour)}, "")
	if err := VerifyJWT(tok, []byte(fixtureSecret)); err != nil {
		t.Errorf("right secret: %v", err)
	}
	if err := VerifyJWT(tok, []byte("another-secret")); err == nil {
		t.Error("wrong secret verified")
	}
	if err := VerifyJWT(mkUnsigned(map[string]any{"sub": "a"}), nil); err == nil {
		t.Error("alg none verified")
	}
	if err := VerifyJWT("not a jwt", nil); err == nil {
		t.Error("garbage verified")
	}

	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	es, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"sub": "a"}).SignedString(priv)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	pub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	if err := VerifyJWT(es, pub); err != nil {
		t.Errorf("ES256 with its public key: %v", err)
	}
	if err := VerifyJWT(es, []byte("not a pem")); err == nil {
		t.Error("ES256 verified without a key")
	}
}
