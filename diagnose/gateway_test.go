package diagnose

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlens/authlens/request"
)

// Who answered decides where the fix lives: the finding carries the layer
// and its fixes come first, but only when the layer wrote the answer.
func TestGatewayLayerOnFindings(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x      request.Exchange
		layer  string // "" when the application answered
		line   string // evidence line naming the layer
		cause  CauseID
		first  string // the first fix
		remedy RemedyKind
	}{
		{"API Gateway authorizer without a token",
			exch(sent("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets"),
				resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json", "X-Amzn-Errortype: UnauthorizedException", "X-Amz-Apigw-Id: Rq1=")),
			"AWS API Gateway", "answered by AWS API Gateway (x-amzn-ErrorType: UnauthorizedException), not the application behind it",
			MissingCredentials, "identity source", RemedyAddCredentials},
		{"API Gateway with a Bearer token on an IAM route",
			exch(sent("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets", "Authorization: Bearer abcdefghijklmnop0123"),
				resp(403, `{"message":"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): 'xyz='."}`,
					"X-Amzn-Errortype: IncompleteSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/")),
			"AWS API Gateway", "x-amzn-ErrorType: IncompleteSignatureException)",
			WrongScheme, `curl --aws-sigv4 "aws:amz:us-east-1:execute-api"`, ""},
		{"API Gateway route missing, with a SigV4 signature",
			exch(sent("POST", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/petz",
				"Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=aa"),
				resp(403, `{"message":"Missing Authentication Token"}`, "X-Amzn-Errortype: MissingAuthenticationTokenException")),
			"AWS API Gateway", "answered by AWS API Gateway", NotFound, "deployed routes", ""},
		{"API Gateway key in the query string",
			exch(sent("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?api_key=k0123456789abcdef"),
				resp(403, `{"message":"Forbidden"}`, "X-Amzn-Errortype: ForbiddenException")),
			"AWS API Gateway", "answered by AWS API Gateway", MissingCredentials, `curl -H "x-api-key: $API_KEY"`, RemedyMoveAPIKey},
		{"Kong key-auth",
			exch(sent("GET", "https://gw.acme.test/items"), resp(401, `{"message":"No API key found in request"}`, "Server: kong/3.6.1", "X-Kong-Response-Latency: 0")),
			"Kong", "answered by Kong (X-Kong-Response-Latency: 0)", MissingCredentials, `curl -H "apikey: $API_KEY"`, RemedyAddCredentials},
		{"Azure API Management, key in the wrong header",
			exch(sent("GET", "https://acme.azure-api.net/echo/resource", "X-Api-Key: 0123456789abcdef0123456789abcdef"),
				resp(401, `{ "statusCode": 401, "message": "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API." }`)),
			"Azure API Management", "answered by Azure API Management (host acme.azure-api.net)", InvalidAPIKey, `curl -H "Ocp-Apim-Subscription-Key: $APIM_SUBSCRIPTION_KEY"`, RemedyMoveAPIKey},
		{"Cloudflare firewall",
			exch(sent("GET", "https://api.acme.test/v1/x"), resp(403, "error code: 1020", "Server: cloudflare", "Cf-Ray: 8e1-AMS")),
			"Cloudflare", "answered by Cloudflare (cf-ray: 8e1-AMS)", Forbidden, "Security → Events", ""},
		{"Google IAP",
			exch(sent("GET", "https://admin.acme.test/"), resp(401, "Invalid IAP credentials: empty token", "X-Goog-Iap-Generated-Response: true")),
			"Google Identity-Aware Proxy", "answered by Google Identity-Aware Proxy", MissingCredentials, "--audiences=IAP_CLIENT_ID", RemedyAddCredentials},
		{"Envoy ext_authz",
			exch(sent("GET", "https://mesh.acme.test/x", "Authorization: Bearer abcdefghijklmnop0123"), resp(403, ``, "Server: envoy")),
			"Envoy", "answered by Envoy (Server: envoy)", Forbidden, "ext_authz", RemedySwitchCredentials},
		{"Apigee",
			exch(sent("GET", "https://api.acme.test/v1/x?apikey=abcdefghijklmnop"), resp(401, `{"fault":{"faultstring":"Invalid ApiKey","detail":{"errorcode":"oauth.v2.InvalidApiKey"}}}`)),
			"Apigee", "answered by Apigee (fault errorcode oauth.v2.InvalidApiKey)", InvalidAPIKey, "consumer key", RemedySwitchCredentials},
		// Relayed: the application answered; the layer only carried it.
		{"the app's 401 through Envoy",
			exch(sent("GET", "https://mesh.acme.test/x"), resp(401, `{"error":"login required"}`, "Server: envoy", "X-Envoy-Upstream-Service-Time: 12", `WWW-Authenticate: Bearer realm="app"`)),
			"", "relayed by Envoy (Server: envoy); the answer itself looks like the application's", MissingCredentials, "Send Bearer credentials", RemedyAddCredentials},
		{"the app's 401 through Kong",
			exch(sent("GET", "https://gw.acme.test/me", "Authorization: Bearer abcdefghijklmnop0123"),
				resp(401, `{"error":"invalid_token"}`, "Via: 1.1 kong/3.6.1", "X-Kong-Upstream-Latency: 8", "X-Kong-Proxy-Latency: 1")),
			"", "relayed by Kong (Via: 1.1 kong/3.6.1)", InvalidToken, "Copy the token again", RemedySwitchCredentials},
		{"the app's 401 through Cloudflare",
			exch(sent("GET", "https://api.acme.test/me"), resp(401, `{"message":"Not logged in"}`, "Server: cloudflare", "Cf-Ray: 8e2-FRA")),
			"", "relayed by Cloudflare (cf-ray: 8e2-FRA)", MissingCredentials, "", RemedyAddCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Diagnose(tc.x)
			top, ok := r.Top()
			if !ok || top.Cause != tc.cause {
				t.Fatalf("top %s (%s), want %s", top.Cause, r.Summary, tc.cause)
			}
			if top.Layer != tc.layer {
				t.Errorf("layer %q, want %q", top.Layer, tc.layer)
			}
			if !containsSub(top.Evidence, tc.line) {
				t.Errorf("no evidence contains %q: %q", tc.line, top.Evidence)
			}
			if tc.first != "" && (len(top.Fixes) == 0 || !strings.Contains(top.Fixes[0], tc.first)) {
				t.Errorf("first fix %q, want one with %q", top.Fixes, tc.first)
			}
			if got := remedyKind(top.Remedy); got != tc.remedy {
				t.Errorf("remedy %q, want %q", got, tc.remedy)
			}
		})
	}
}

func remedyKind(r *Remedy) RemedyKind {
	if r == nil {
		return ""
	}
	return r.Kind
}

// The layer shows in both outputs: a line of its own in the text, a field
// in the JSON; findings without one leave the field out.
func TestGatewayLayerInOutputs(t *testing.T) {
	x := exch(sent("GET", "https://gw.acme.test/items", "X-Api-Key: kq7Zp2xV9mL4tR8wB3nC6yH1"),
		resp(401, `{"message":"No API key found in request"}`, `WWW-Authenticate: Key realm="kong"`, "Server: kong/3.6.1", "X-Kong-Response-Latency: 0"))
	r := Diagnose(x)
	var text bytes.Buffer
	WriteText(&text, x, r)
	if !strings.Contains(text.String(), "   answered by: Kong, in front of the application; its fixes come first\n") {
		t.Errorf("text output lacks the layer line:\n%s", text.String())
	}
	b, err := json.Marshal(NewOutput(x.Redacted(), r))
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Findings) == 0 || out.Findings[0]["layer"] != "Kong" {
		t.Errorf("JSON findings %v, want layer Kong on the first", out.Findings)
	}
	for _, fd := range out.Findings[1:] {
		if _, has := fd["layer"]; has && fd["layer"] != "Kong" {
			t.Errorf("a finding names another layer: %v", fd)
		}
	}

	// No layer: no field, no line.
	x = exch(sent("GET", "https://api.acme.test/me"), resp(401, `{"error":"no token"}`))
	r = Diagnose(x)
	b, _ = json.Marshal(NewOutput(x, r))
	if bytes.Contains(b, []byte(`"layer"`)) {
		t.Errorf("JSON has a layer for a plain application answer: %s", b)
	}
	text.Reset()
	WriteText(&text, x, r)
	if strings.Contains(text.String(), "answered by:") {
		t.Errorf("text names a layer:\n%s", text.String())
	}
}

// A gateway's success page is no success: Cloudflare Access answers 200
// with its sign-in form after a redirect.
func TestCloudflareAccessSignInIsNotASuccess(t *testing.T) {
	login := "https://team.cloudflareaccess.com/cdn-cgi/access/login/app.acme.test?kid=1&redirect_url=%2Fapi"
	x := exch(sent("GET", login), resp(200, `<html><title>Sign in ・ Cloudflare Access</title></html>`, "Content-Type: text/html", "Server: cloudflare"))
	x.Redirects = []request.Hop{{Status: 302, From: "https://app.acme.test/api", To: login}}
	r := Diagnose(x)
	top, _ := r.Top()
	if r.OK || top.Cause != MissingCredentials || top.Layer != "Cloudflare Access" {
		t.Fatalf("OK %v top %s layer %q", r.OK, top.Cause, top.Layer)
	}
	if !strings.Contains(top.Fixes[0], `curl -H "CF-Access-Client-Id: $CF_ACCESS_CLIENT_ID" -H "CF-Access-Client-Secret: $CF_ACCESS_CLIENT_SECRET" 'https://app.acme.test/api'`) {
		t.Errorf("first fix %q: want the service token headers on the application's URL", top.Fixes[0])
	}
	if r.Summary != "200 OK: Cloudflare Access wants a sign-in or a service token before the application" {
		t.Errorf("summary %q", r.Summary)
	}
}

// Gateways leave marks a server of the same name may also leave; only the
// layer's own pages count as its answer.
func TestDetectGateway(t *testing.T) {
	for _, tc := range []struct {
		name  string
		x     request.Exchange
		gw    string
		own   bool
		kind  gwKind
		found bool
	}{
		{"nginx relays JSON", exch(sent("GET", "https://a.test/"), resp(401, `{"error":"x"}`, "Server: nginx")), "", false, gwNone, false},
		{"nginx's own page", exch(sent("GET", "https://a.test/"), resp(403, "<html><center>nginx</center></html>", "Server: nginx")), "nginx", true, gwNginx, true},
		{"ALB", exch(sent("GET", "https://a.test/"), resp(503, "<html></html>", "Server: awselb/2.0")), "AWS Application Load Balancer", true, gwOther, true},
		{"HTTP API with apigw-requestid", exch(sent("GET", "https://a.test/"), resp(401, `{"message":"Unauthorized"}`, "Apigw-Requestid: Ab=")), "AWS API Gateway", true, gwAPIGateway, true},
		{"HTTP API relaying the app", exch(sent("GET", "https://a.test/"), resp(401, `{"error":"nope"}`, "Apigw-Requestid: Ab=")), "AWS API Gateway", false, gwAPIGateway, true},
		{"Azure APIM relaying the app", exch(sent("GET", "https://x.azure-api.net/a"), resp(401, `{"error":"nope"}`)), "Azure API Management", false, gwAPIM, true},
		{"ESF with a Google error", exch(sent("GET", "https://a.googleapis.com/"), resp(403, `{"error":{"code":403,"message":"no","status":"PERMISSION_DENIED"}}`, "Server: ESF")), "Google's API front end", true, gwGoogleAPI, true},
		{"Istio", exch(sent("GET", "https://a.test/"), resp(403, "RBAC: access denied", "Server: istio-envoy")), "Istio's Envoy proxy", true, gwEnvoy, true},
		{"Envoy relaying JSON with its headers suppressed", exch(sent("GET", "https://a.test/"), resp(401, `{"error":"invalid_token"}`, "Server: envoy")), "Envoy", false, gwEnvoy, true},
		{"a 407 from a Via proxy", exch(sent("GET", "http://a.test/"), resp(407, ``, "Via: 1.1 squid")), "a proxy", true, gwOther, true},
		{"nothing", exch(sent("GET", "https://a.test/"), resp(401, ``)), "", false, gwNone, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := gather(tc.x).gw
			if (g.kind != gwNone) != tc.found || g.name != tc.gw || g.own != tc.own || g.kind != tc.kind {
				t.Errorf("got %+v, want %q own=%v kind=%d", g, tc.gw, tc.own, tc.kind)
			}
		})
	}
}
