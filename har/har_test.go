package har

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authlens/authlens/diagnose"
)

func load(t *testing.T, name string) *Traffic {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "har", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, _, err := Load(f, diagnose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func top(it *Item) diagnose.CauseID {
	if f, ok := it.Report.Top(); ok {
		return f.Cause
	}
	return ""
}

// Each hand-made entry is diagnosed from what was recorded, as a live send
// of the same request would be.
func TestDiagnoseRecordedEntries(t *testing.T) {
	tests := []struct {
		file   string
		entry  int // from 1
		failed bool
		cause  diagnose.CauseID
	}{
		{"chrome-shaped.har", 1, false, ""},
		{"chrome-shaped.har", 2, true, diagnose.ExpiredToken},
		{"chrome-shaped.har", 3, false, ""}, // the redirect itself
		{"chrome-shaped.har", 4, true, diagnose.RedirectDroppedAuth},
		{"chrome-shaped.har", 5, false, ""}, // the preflight: its request carries the finding
		{"chrome-shaped.har", 6, true, diagnose.CORSCredentials},
		{"chrome-shaped.har", 7, true, diagnose.ConnectionRefused},
		{"chrome-shaped.har", 8, true, diagnose.RateLimited},
		{"firefox-shaped.har", 1, true, diagnose.CORSCredentials},
		{"firefox-shaped.har", 2, true, diagnose.InvalidCredentials},
		{"safari-shaped.har", 1, true, diagnose.InvalidAPIKey},
		// Recorded by Chromium against the lab (testdata/har/browser):
		// playwright records no preflight, and a blocked call as status
		// -1 with neither response nor Origin.
		{"chromium-lab.har", 1, false, ""},
		{"chromium-lab.har", 2, true, diagnose.MissingCredentials},
		{"chromium-lab.har", 3, true, diagnose.ExpiredToken},
		{"chromium-lab.har", 4, true, diagnose.InvalidAPIKey},
		{"chromium-lab.har", 5, true, diagnose.RateLimited},
		{"chromium-lab.har", 6, true, diagnose.InsufficientScope},
		{"chromium-lab.har", 7, true, diagnose.Forbidden},
		{"chromium-lab.har", 8, true, diagnose.ServerError},
		{"chromium-lab.har", 9, false, ""}, // the 308 to the lab's other host
		{"chromium-lab.har", 10, true, diagnose.RedirectDroppedAuth},
		{"chromium-lab.har", 11, true, diagnose.CORSCredentials},
		{"chromium-lab.har", 12, true, diagnose.CORSCredentials},
		{"chromium-lab.har", 13, false, ""},
	}
	cache := map[string]*Traffic{}
	for _, tc := range tests {
		tr := cache[tc.file]
		if tr == nil {
			tr = load(t, tc.file)
			cache[tc.file] = tr
		}
		it := tr.Items[tc.entry-1]
		if it.Failed() != tc.failed {
			t.Errorf("%s entry %d: failed = %v, want %v (%s)", tc.file, tc.entry, it.Failed(), tc.failed, it.Report.Summary)
		}
		if tc.cause != "" && top(it) != tc.cause {
			t.Errorf("%s entry %d: top cause %q, want %q (%s)", tc.file, tc.entry, top(it), tc.cause, it.Report.Summary)
		}
	}
}

func TestRedirectAndPreflightAreLinked(t *testing.T) {
	tr := load(t, "chrome-shaped.har")
	final := tr.Items[3]
	if final.RedirectFrom != 2 || tr.Items[2].RedirectedTo != 3 {
		t.Fatalf("redirect not linked: from %d, to %d", final.RedirectFrom, tr.Items[2].RedirectedTo)
	}
	if len(final.X.Redirects) != 1 || !final.X.Redirects[0].AuthSent || len(final.X.Redirects[0].Dropped) == 0 {
		t.Fatalf("hop = %+v", final.X.Redirects)
	}
	blocked := tr.Items[5]
	if blocked.Preflight != 4 || blocked.X.Preflight == nil || tr.Items[4].PreflightFor != 5 {
		t.Fatalf("preflight not linked: %d", blocked.Preflight)
	}
	ev := strings.Join(blocked.Report.Findings[0].Evidence, "\n")
	if !strings.Contains(ev, "preflight") || !strings.Contains(strings.ToLower(ev), "authorization") {
		t.Errorf("evidence does not come from the preflight:\n%s", ev)
	}
}

// What Safari keeps only in "cookies" and "params" reaches the exchange
// as it went on the wire.
func TestSafariShapedEntry(t *testing.T) {
	it := load(t, "safari-shaped.har").Items[0]
	s := it.X.Request
	if got := s.Headers.Get("Cookie"); got != "session=safari-session-value-0123456789" {
		t.Errorf("Cookie = %q", got)
	}
	if !strings.Contains(s.Body, "client_secret=cs_safari_secret_0123456789") {
		t.Errorf("body = %q", s.Body)
	}
	if !strings.Contains(it.X.Response.Body, "Invalid API key") {
		t.Errorf("base64 body not decoded: %q", it.X.Response.Body)
	}
}

func TestScanReadsWhatFollowsTheEntries(t *testing.T) {
	in := `{"log":{"entries":[{"request":{"method":"GET","url":"https://x.test/{\"}"},"response":{"status":200,"content":{"text":"}}]\\"}}}],
	  "version":"1.2","creator":{"name":"late"},"pages":[{"title":"p"}]},"extra":[1]}`
	_, meta, err := Load(strings.NewReader(in), diagnose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if meta.Entries != 1 || meta.Version != "1.2" || meta.Creator.Name != "late" {
		t.Errorf("meta = %+v", meta)
	}
}

func TestScanRefusesWhatIsNotHAR(t *testing.T) {
	for _, in := range []string{`{"log":{"entries":[]}} trailing`, `{"log":{"entries":[{}] }`, `{"log":{"entries":[{"a":1}}]}}`, "", "[]", "{}", `{"log":`, `{"log":{"entries":[{"request":`, "\x00\x01", `{"log":{"entries":{}}}`} {
		_, _, err := Load(strings.NewReader(in), diagnose.Options{})
		if err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// Tools write numbers as text, nulls where lists go, and a BOM in front;
// none of that loses the entry.
func TestScanToleratesOddTools(t *testing.T) {
	in := "\xef\xbb\xbf" + `{"log":{"version":"1.2","entries":[
	 {"startedDateTime":"2026-12-01T10:00:00Z","time":"7","request":{"method":"get","url":"https://x.test/a","headers":null,"cookies":null},
	  "response":{"status":401,"headers":[{"name":":status","value":"401"},{"name":"www-authenticate","value":"Basic realm=\"x\""}],"content":{"size":-1}},"timings":null}]}}`
	tr, meta, err := Load(strings.NewReader(in), diagnose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if meta.Entries != 1 || len(tr.Items) != 1 {
		t.Fatalf("entries = %d", meta.Entries)
	}
	it := tr.Items[0]
	if it.X.Request.Method != "GET" || it.X.Status() != 401 || it.X.Response.Headers.Get(":status") != "" {
		t.Errorf("exchange = %+v", it.X)
	}
	if top(it) != diagnose.MissingCredentials {
		t.Errorf("top cause %q", top(it))
	}
}

// jwtRE finds a JWT's header and payload left whole.
var jwtRE = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}`)

func TestRedactMasksEveryCredential(t *testing.T) {
	secrets := map[string][]string{
		"chrome-shaped.har":  {"ghp_handmadeTOKENvalue0123456789abcd", "sk_live_handmade0123456789", ".eyJzdWIi"},
		"firefox-shaped.har": {"ff-session-cookie-0123456789", "hunter2-firefox-pass", "page-title-token-0123"},
		"safari-shaped.har":  {"sk_live_safari_key_0123456789", "cs_safari_secret_0123456789", "safari-session-value-0123456789"},
		"chromium-lab.har":   {"lab_0123456789abcdef0123456789abcdef"},
	}
	for name, want := range secrets {
		src, err := os.Open(filepath.Join("..", "testdata", "har", name))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err = Redact(src, &out)
		src.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, s := range want {
			if strings.Contains(out.String(), s) {
				t.Errorf("%s: redacted copy still holds %q", name, s)
			}
		}
		if jwt := jwtRE.FindString(out.String()); jwt != "" {
			t.Errorf("%s: redacted copy still holds a JWT: %s", name, jwt)
		}
		// The copy is still a capture that diagnoses the same way.
		before := load(t, name)
		after, _, err := Load(bytes.NewReader(out.Bytes()), diagnose.Options{})
		if err != nil {
			t.Fatalf("%s: redacted copy does not parse: %v", name, err)
		}
		if len(after.Items) != len(before.Items) {
			t.Fatalf("%s: %d entries, want %d", name, len(after.Items), len(before.Items))
		}
		for i := range before.Items {
			if before.Items[i].Failed() != after.Items[i].Failed() {
				t.Errorf("%s entry %d: failed changed by redaction", name, i+1)
			}
		}
	}
}

// A success's body is read when the entry is opened, and is the body the
// capture holds.
func TestSuccessBodyReadOnOpen(t *testing.T) {
	it := load(t, "chrome-shaped.har").Items[0]
	if it.Failed() {
		t.Fatal("the first entry is a success")
	}
	if got := it.Full().Response.Body; got != `{"ok":true}` {
		t.Errorf("body %q", got)
	}
	if it.X.Response.Size != 11 {
		t.Errorf("size %d", it.X.Response.Size)
	}
}
