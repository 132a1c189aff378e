package diagnose

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Error pages as the frameworks write them, trimmed to their structure.
var (
	expressPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>UnauthorizedError: jwt expired<br> &nbsp; &nbsp;at /app/node_modules/express-jwt/dist/index.js:133:38<br> &nbsp; &nbsp;at process.processTicksAndRejections (node:internal/process/task_queues:95:5)</pre>
</body>
</html>`
	tomcatPage = `<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1 {color:white;}</style></head><body><h1>HTTP Status 401 – Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Message</b> Token signature verification failed</p><p><b>Description</b> The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.</p><hr class="line" /><h3>Apache Tomcat/10.1.16</h3></body></html>`
	jettyPage  = `<html>
<head>
<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
<title>Error 401 Unauthorized</title>
</head>
<body><h2>HTTP ERROR 401 Unauthorized</h2>
<table>
<tr><th>URI:</th><td>/api/items</td></tr>
<tr><th>STATUS:</th><td>401</td></tr>
<tr><th>MESSAGE:</th><td>Invalid audience in token</td></tr>
<tr><th>SERVLET:</th><td>api</td></tr>
</table>
<hr/><a href="https://eclipse.org/jetty">Powered by Jetty:// 11.0.20</a><hr/>
</body>
</html>`
	djangoPage = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <title>ExpiredSignatureError
          at /api/me</title>
  <style type="text/css">html * { padding:0; margin:0; }</style>
  <script>function hideAll(elems) {}</script>
</head>
<body>
<div id="summary">
  <h1>ExpiredSignatureError
       at /api/me</h1>
  <pre class="exception_value">Signature has expired</pre>
  <table class="meta">
    <tr><th scope="row">Request Method:</th><td>GET</td></tr>
    <tr><th scope="row">Exception Type:</th><td>ExpiredSignatureError</td></tr>
  </table>
</div>
</body></html>`
	werkzeugPage = `<!doctype html>
<html lang=en>
  <head>
    <title>jwt.exceptions.ExpiredSignatureError: Signature has expired
 // Werkzeug Debugger</title>
    <link rel="stylesheet" href="?__debugger__=yes&amp;cmd=resource&amp;f=style.css">
    <script src="?__debugger__=yes&amp;cmd=resource&amp;f=debugger.js"></script>
  </head>
  <body style="background-color: #fff">
    <div class="debugger">
<h1>ExpiredSignatureError</h1>
<div class="detail">
  <p class="errormsg">jwt.exceptions.ExpiredSignatureError: Signature has expired
</p>
</div>
<h2 class="traceback">Traceback <em>(most recent call last)</em></h2>
<div class="traceback">
  <ul><li><div class="frame" id="frame-1"><h4>File <cite class="filename">"/app/app.py"</cite>, line <em class="line">12</em></h4></div></li></ul>
  <blockquote>jwt.exceptions.ExpiredSignatureError: Signature has expired
</blockquote>
</div>
<div class="plain">
    <p>This is the Copy/Paste friendly version of the traceback.</p>
    <textarea cols="50" rows="10" name="code" readonly>Traceback (most recent call last):
  File "/app/app.py", line 12, in me
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
jwt.exceptions.ExpiredSignatureError: Signature has expired</textarea>
</div>
</div>
</body>
</html>`
	springPage = `<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p><div id='created'>Sat Nov 28 15:12:00 UTC 2026</div><div>There was an unexpected error (type=Unauthorized, status=401).</div></body></html>`
	railsPage  = `<!DOCTYPE html><html><head><title>Action Controller: Exception caught</title></head><body><header><h1>JWT::DecodeError in ApiController#show</h1></header><main role="main" id="container"><div class="exception-message"><div class="message">Signature verification failed</div></div></main></body></html>`
)

func TestHTMLMessage(t *testing.T) {
	tests := []struct {
		name, body, msg, from string
	}{
		{"express", expressPage, "UnauthorizedError: jwt expired", "<pre>"},
		{"tomcat", tomcatPage, "Message Token signature verification failed", "<p>"},
		{"jetty", jettyPage, "Invalid audience in token", "<td>"},
		{"django", djangoPage, "ExpiredSignatureError at /api/me", "<title>"},
		{"werkzeug", werkzeugPage, "jwt.exceptions.ExpiredSignatureError: Signature has expired // Werkzeug Debugger", "<title>"},
		{"spring", springPage, "This application has no explicit mapping for /error, so you are seeing this as a fallback.", "<p>"},
		{"nginx", "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n", "401 Authorization Required", "<title>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := readErrorBody(tt.body, "text/html")
			if e.Kind != "html" || e.Message != tt.msg || e.From != tt.from {
				t.Errorf("got %s %q from %s; want %q from %s", e.Kind, e.Message, e.From, tt.msg, tt.from)
			}
		})
	}
}

// The pieces hold the text a reader needs, with scripts and styles left out.
func TestHTMLPieces(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // "from: text" that must be among the pieces
		not        []string // text that must be in none
	}{
		{"express", expressPage, []string{"<pre>: UnauthorizedError: jwt expired"}, []string{"node_modules"}},
		{"tomcat", tomcatPage, []string{"<p>: Message Token signature verification failed"}, []string{"Tahoma"}},
		{"jetty", jettyPage, []string{"<td>: Invalid audience in token"}, nil},
		{"django", djangoPage, []string{`<pre class="exception_value">: Signature has expired`}, []string{"hideAll", "padding"}},
		{"werkzeug", werkzeugPage, []string{`<p class="errormsg">: jwt.exceptions.ExpiredSignatureError: Signature has expired`,
			`<textarea>: jwt.exceptions.ExpiredSignatureError: Signature has expired`}, []string{"jwt.decode(token"}},
		{"spring", springPage, []string{"<div>: There was an unexpected error (type=Unauthorized, status=401)."}, nil},
		{"rails", railsPage, []string{`<div class="message">: Signature verification failed`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := htmlPieces(tt.body)
			var all []string
			for _, p := range ps {
				all = append(all, p.From+": "+p.Text)
			}
			joined := strings.Join(all, "\n")
			for _, w := range tt.want {
				if !strings.Contains(joined, w) {
					t.Errorf("no piece %q in\n%s", w, joined)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(joined, n) {
					t.Errorf("piece holds %q:\n%s", n, joined)
				}
			}
		})
	}
}

func TestOtherBodyPieces(t *testing.T) {
	e := readErrorBody(`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"Jwt issuer is not configured","instance":"/api"}`, "application/problem+json")
	if e.Kind != "problem+json" || e.Message != "Jwt issuer is not configured" {
		t.Errorf("problem+json: %s %q", e.Kind, e.Message)
	}
	e = readErrorBody(`<?xml version="1.0"?><error><reason>Token revoked</reason><when>now</when></error>`, "application/xml")
	if e.Kind != "xml" || e.Message != "Token revoked" || e.From != "<reason>" {
		t.Errorf("xml: %s %q from %s", e.Kind, e.Message, e.From)
	}
	e = readErrorBody("Traceback (most recent call last):\n  File \"/app/main.py\", line 9, in check\n    raise InvalidTokenError()\njwt.exceptions.InvalidAudienceError: Invalid audience\n", "text/plain")
	if e.Message != "jwt.exceptions.InvalidAudienceError: Invalid audience" {
		t.Errorf("traceback: %q", e.Message)
	}
	e = readErrorBody(`{"statusCode":401,"code":"FST_JWT_AUTHORIZATION_TOKEN_EXPIRED","error":"Unauthorized","message":"Authorization token expired"}`, "application/json")
	found := false
	for _, p := range e.Pieces {
		found = found || p.From == "code" && p.Text == "FST_JWT_AUTHORIZATION_TOKEN_EXPIRED"
	}
	if !found {
		t.Errorf("json pieces lack the code: %+v", e.Pieces)
	}
}

func TestSplitWords(t *testing.T) {
	tests := map[string]string{
		"ExpiredSignatureError":                "expired signature error",
		"token_expired":                        "token expired",
		"JWTError: bad":                        "jwt error bad",
		"Signature has expired.":               "signature has expired",
		"FST_JWT_AUTHORIZATION_TOKEN_EXPIRED":  "fst jwt authorization token expired",
		"io.jsonwebtoken.ExpiredJwtException":  "io jsonwebtoken expired jwt exception",
		"You don't have permission":            "you don t have permission",
		"Ungültiges Token":                     "ungültiges token",
		"x-api-key":                            "x api key",
		"InvalidAuthenticationToken; OAuth2.0": "invalid authentication token o auth2 0",
	}
	for in, want := range tests {
		if got := strings.Join(splitWords(in, nil), " "); got != want {
			t.Errorf("splitWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// What frameworks write, read through the phrase table: the request
// carried a well-formed Bearer token, so only the words decide.
func TestPhraseTable(t *testing.T) {
	tests := []struct {
		body string
		want CauseID
	}{
		{`{"msg":"Token has expired"}`, ExpiredToken},                            // flask-jwt-extended
		{`{"detail":"Signature has expired."}`, ExpiredToken},                    // DRF + PyJWT
		{`{"message":"TokenExpiredError: jwt expired"}`, ExpiredToken},           // jsonwebtoken
		{`{"code":"FST_JWT_AUTHORIZATION_TOKEN_EXPIRED"}`, ExpiredToken},         // @fastify/jwt
		{`{"error":"token has invalid claims: token is expired"}`, ExpiredToken}, // golang-jwt
		{`{"msg":"Signature verification failed"}`, SignatureMismatch},           // flask-jwt-extended
		{`{"error":"token signature is invalid: signature is invalid"}`, SignatureMismatch},
		{`{"message":"jwt audience invalid. expected: api://x"}`, WrongAudience},           // jsonwebtoken
		{`{"error":"unexpected \"iss\" claim value"}`, WrongAudience},                      // jose
		{`{"detail":"Token is blacklisted","code":"token_not_valid"}`, RevokedCredentials}, // simplejwt
		{`{"message":"The token has been revoked."}`, RevokedCredentials},                  // express-jwt
		{`{"error":"Session was terminated"}`, RevokedCredentials},
		{`{"error":"key was rotated; kid not found"}`, SignatureMismatch},
		{`{"detail":"Given token not valid for any token type"}`, InvalidToken}, // simplejwt
		{`{"message":"invalid or expired jwt"}`, InvalidToken},                  // echo-jwt
		{`{"detail":"Incorrect authentication credentials."}`, InvalidToken},    // DRF
		{`{"message":"The token is not yet valid (nbf)"}`, ClockSkew},           // PyJWT
		{`{"error":"AWS: Signature expired: 20261128T140000Z is now earlier than 20261128T150700Z"}`, ClockSkew},
	}
	// The token names its key (kid), so a bare refusal stays a refusal.
	tok := "Bearer " + mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(time.Hour)}, "k1")
	for _, tt := range tests {
		r := Diagnose(exch(sent("GET", "https://api.example.test/me", "Authorization: "+tok), resp(401, tt.body, "Content-Type: application/json")))
		if top, _ := r.Top(); top.Cause != tt.want {
			t.Errorf("%s: top %s, want %s (%s)", tt.body, top.Cause, tt.want, r.Summary)
		}
	}
}

// A bare refusal of a sound HS256 token with no key id: the likeliest
// reason, a secret the server does not share, leads as a guess; with a kid
// the refusal stays the finding and the guess follows it.
func TestHiddenReason(t *testing.T) {
	for _, tt := range []struct {
		kid  string
		want CauseID
	}{{"", SignatureMismatch}, {"k1", InvalidToken}} {
		tok := mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(time.Hour)}, tt.kid)
		r := Diagnose(exch(sent("GET", "http://127.0.0.1:3000/api/me", "Authorization: Bearer "+tok), resp(401, `{"message":"Unauthorized","statusCode":401}`, "Content-Type: application/json")))
		if top, _ := r.Top(); top.Cause != tt.want || rank(r, WrongAudience) == 0 {
			t.Errorf("kid %q: top %s, want %s, with wrong_audience among the findings; %s", tt.kid, top.Cause, tt.want, r.Summary)
		}
	}
}

// A longer phrase owns its words: "signature has expired" is not also a
// word about signatures, and "password expired" not one about tokens.
func TestPhraseContainment(t *testing.T) {
	var words []string
	words = splitWords("Signature has expired", words)
	ms := dropContained(phraseIx.find(words, 0, nil))
	for _, m := range ms {
		if c := phraseRows[m.row].cause; c != ExpiredToken {
			t.Errorf("signature has expired also matched %q (%s)", phraseRows[m.row].words, c)
		}
	}
}

// Every row is well formed: words to match, a catalog cause or a pseudo-
// cause, a named weight and a source.
func TestPhraseRows(t *testing.T) {
	known := map[CauseID]bool{refused: true, absent: true, noCookie: true, badHeader: true}
	for _, c := range Catalog() {
		known[c.ID] = true
	}
	for _, p := range phrases {
		if strings.TrimSpace(p.words) == "" || p.source == "" || !known[p.cause] {
			t.Errorf("bad row %+v", p)
		}
		switch p.weight {
		case sayExact, sayNamed, sayGeneral, sayVague, sayFaint:
		default:
			t.Errorf("row %q has an unnamed weight %v", p.words, p.weight)
		}
	}
}

func TestErrorPagesDiagnosed(t *testing.T) {
	tok := "Bearer " + mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(time.Hour)}, "")
	tests := []struct {
		name   string
		status int
		body   string
		want   CauseID
		ev     string
	}{
		{"express", 401, expressPage, ExpiredToken, `body: "UnauthorizedError: jwt expired"`},
		{"tomcat", 401, tomcatPage, SignatureMismatch, "Token signature verification failed"},
		{"jetty", 401, jettyPage, WrongAudience, "Invalid audience in token"},
		{"django debug 500", 500, djangoPage, ExpiredToken, "ExpiredSignatureError"},
		{"werkzeug debugger 500", 500, werkzeugPage, ExpiredToken, "Signature has expired"},
		{"rails 500", 500, railsPage, SignatureMismatch, "Signature verification failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diagnose(exch(sent("GET", "http://127.0.0.1:3000/api/me", "Authorization: "+tok), resp(tt.status, tt.body, "Content-Type: text/html; charset=utf-8")))
			top, _ := r.Top()
			if top.Cause != tt.want || !containsSub(top.Evidence, tt.ev) {
				t.Errorf("top %s %v, want %s with %q", top.Cause, top.Evidence, tt.want, tt.ev)
			}
		})
	}
}

// BenchmarkDiagnoseErrorPage measures a development error page, the most
// text a reading takes in.
func BenchmarkDiagnoseErrorPage(b *testing.B) {
	tok := "Bearer " + mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(time.Hour)}, "")
	x := exch(sent("GET", "http://127.0.0.1:5000/api/me", "Authorization: "+tok), resp(500, werkzeugPage, "Content-Type: text/html; charset=utf-8"))
	b.ReportAllocs()
	for b.Loop() {
		_ = Diagnose(x)
	}
}

// A hostile page is read within its bounds: 32 MiB of nested tags and
// words costs what its first 64 KiB cost.
func TestHostilePageBounded(t *testing.T) {
	big := strings.Repeat("<div><p>token expired ", 1<<20)
	start := time.Now()
	r := Diagnose(exch(sent("GET", "http://127.0.0.1:5000/x", "Authorization: Bearer abc"), resp(401, big, "Content-Type: text/html")))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a %d MiB page took %v", len(big)>>20, d)
	}
	if top, _ := r.Top(); top.Cause != ExpiredToken {
		t.Errorf("top %s, want expired_token", top.Cause)
	}
}

// The user's key settles the guess: a token that verifies is not refused
// for its signature, and the audience guess goes back under the refusal.
func TestHiddenReasonSettledByKey(t *testing.T) {
	tok := mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(time.Hour)}, "")
	x := exch(sent("GET", "http://127.0.0.1:3000/api/me", "Authorization: Bearer "+tok), resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json"))
	r := DiagnoseWith(x, Options{JWTKey: []byte(fixtureSecret)})
	if top, _ := r.Top(); top.Cause != InvalidToken || rank(r, SignatureMismatch) != 0 {
		t.Errorf("top %s, signature at rank %d; %s", top.Cause, rank(r, SignatureMismatch), r.Summary)
	}
}
