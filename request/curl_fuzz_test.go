package request

import (
	"reflect"
	"testing"
)

// FuzzParseCurl checks that no input panics, and that whatever parses
// exports to a command that parses back to the same request.
func FuzzParseCurl(f *testing.F) {
	f.Add(`curl -H "Authorization: Bearer abc" https://x.test/`)
	f.Fuzz(func(t *testing.T, cmd string) {
		r, err := ParseCurl(cmd)
		if err != nil {
			return
		}
		out := r.Curl(true)
		back, err := ParseCurl(out)
		if err != nil {
			t.Fatalf("export does not parse: %v\ninput: %q\nexport: %s", err, cmd, out)
		}
		if !reflect.DeepEqual(r, back) && !unconventionalKey(r) {
			t.Fatalf("round trip changed the request\ninput: %q\nfirst:  %#v\nsecond: %#v\nexport: %s", cmd, r, back, out)
		}
		_ = r.Curl(false)
		if _, err := r.Prepare(); err != nil {
			t.Fatalf("parsed request does not prepare: %v (%q)", err, cmd)
		}
	})
}

// unconventionalKey is the documented exception: such a key comes back as a
// plain header or query parameter, with the same bytes on the wire.
func unconventionalKey(r Request) bool {
	if r.Auth.Scheme != SchemeAPIKey {
		return false
	}
	if r.Auth.KeyValue == "" {
		return true
	}
	if r.Auth.KeyIn == KeyInQuery {
		return !isAPIKeyParam(r.Auth.KeyName)
	}
	return !isAPIKeyHeader(r.Auth.KeyName)
}
