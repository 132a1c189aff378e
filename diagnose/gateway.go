package diagnose

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/authlens/authlens/request"
)

// gwKind is a family of gateways whose refusals are fixed the same way.
type gwKind uint8

const (
	gwNone gwKind = iota
	gwAPIGateway
	gwCloudflare
	gwCloudflareAccess
	gwKong
	gwAPIM
	gwIAP
	gwCloudRun
	gwGoogleAPI
	gwESPv2
	gwEnvoy
	gwNginx
	gwApigee
	gwOther
)

// gateway is the layer in front of an application that a response names.
// A gateway's 401 is fixed in the gateway (its key, its authorizer, its
// policy), not in the application, which never saw the request.
type gateway struct {
	kind gwKind
	name string // "AWS API Gateway"
	sign string // what shows it: "x-amzn-ErrorType: UnauthorizedException"
	own  bool   // it wrote this answer itself rather than relaying the application's
}

// line is the evidence line naming the layer.
func (g gateway) line() string {
	if g.own {
		return "answered by " + g.name + " (" + g.sign + "), not the application behind it"
	}
	return "relayed by " + g.name + " (" + g.sign + "); the answer itself looks like the application's"
}

// gwMarks are the marks most detectors look at, read once.
type gwMarks struct {
	srv, via string // Server and Via, lower-cased
	down     bool   // a 502, 503 or 504: a layer answering it wrote it itself
}

// detector recognises one gateway, CDN or proxy. ok reports that the
// search ends here; a zero gateway with ok says the marks show a layer
// that did not write this answer.
type detector struct {
	name  string
	match func(f *facts, m gwMarks) (g gateway, ok bool)
}

// detectors are tried in order; the first that recognises the answer
// names the layer. The more specific marks come first: a Kong or an API
// Gateway answer often passes through a CDN as well.
var detectors = []detector{
	{"Cloudflare Access", func(f *facts, _ gwMarks) (gateway, bool) {
		to := accessSignIn(f)
		if to == "" {
			return gateway{}, false
		}
		return gateway{gwCloudflareAccess, "Cloudflare Access", "sign-in page " + short(to), true}, true
	}},
	{"AWS API Gateway error type", func(f *facts, _ gwMarks) (gateway, bool) {
		v, _, _ := strings.Cut(f.rh.Get("X-Amzn-Errortype"), ":")
		if f.rh.Get("X-Amzn-Errortype") == "" {
			return gateway{}, false
		}
		return gateway{gwAPIGateway, "AWS API Gateway", "x-amzn-ErrorType: " + short(v), true}, true
	}},
	{"AWS API Gateway request id", func(f *facts, m gwMarks) (gateway, bool) {
		name, v := firstHeader(f.rh, "X-Amz-Apigw-Id", "Apigw-Requestid")
		if v == "" {
			return gateway{}, false
		}
		own := m.down || apiGatewayMessage(f.body.Message) || (f.status == 401 && f.bearerErr != "")
		return gateway{gwAPIGateway, "AWS API Gateway", strings.ToLower(name) + ": " + short(v), own}, true
	}},
	{"Google Identity-Aware Proxy", func(f *facts, _ gwMarks) (gateway, bool) {
		v := f.rh.Get("X-Goog-Iap-Generated-Response")
		if v == "" {
			return gateway{}, false
		}
		return gateway{gwIAP, "Google Identity-Aware Proxy", "x-goog-iap-generated-response: " + short(v), true}, true
	}},
	{"Apigee", func(f *facts, _ gwMarks) (gateway, bool) {
		if f.body.Kind != "apigee" {
			return gateway{}, false
		}
		return gateway{gwApigee, "Apigee", "fault errorcode " + short(f.body.Code), true}, true
	}},
	{"Google Cloud Endpoints", func(f *facts, _ gwMarks) (gateway, bool) {
		if !espMessage(f) {
			return gateway{}, false
		}
		return gateway{gwESPv2, "Google Cloud Endpoints (ESPv2)", "body " + strconv.Quote(f.body.Message), true}, true
	}},
	{"Kong", detectKong},
	{"Azure API Management", func(f *facts, _ gwMarks) (gateway, bool) { return apimGateway(f) }},
	{"Google Cloud Run", func(f *facts, m gwMarks) (gateway, bool) {
		if m.srv != "google frontend" {
			return gateway{}, false
		}
		lb := lowerBody(f, 4096)
		own := strings.Contains(lb, "does not have permission") || strings.Contains(lb, "your client does not have") ||
			(f.status == 401 && f.bearerErr != "" && f.body.Kind != "json")
		return gateway{gwCloudRun, "Google Cloud Run / Cloud Functions front end", "Server: Google Frontend", own || m.down}, true
	}},
	{"Google APIs", func(f *facts, m gwMarks) (gateway, bool) {
		if m.srv != "esf" && !strings.HasPrefix(m.srv, "gfe/") {
			return gateway{}, false
		}
		return gateway{gwGoogleAPI, "Google's API front end", "Server: " + short(f.rh.Get("Server")), f.body.Kind == "google" || m.down}, true
	}},
	{"Cloudflare", detectCloudflare},
	{"Envoy", detectEnvoy},
	{"Azure Front Door", func(f *facts, m gwMarks) (gateway, bool) {
		return gateway{gwOther, "Azure Front Door", "X-Azure-Ref", m.down}, f.rh.Get("X-Azure-Ref") != ""
	}},
	{"AWS Application Load Balancer", func(f *facts, m gwMarks) (gateway, bool) {
		if !strings.HasPrefix(m.srv, "awselb") {
			return gateway{}, false
		}
		return gateway{gwOther, "AWS Application Load Balancer", "Server: " + short(f.rh.Get("Server")), true}, true
	}},
	{"nginx", func(f *facts, m gwMarks) (gateway, bool) {
		if !strings.Contains(m.srv, "nginx") && !strings.Contains(m.srv, "openresty") {
			return gateway{}, false
		}
		lb := lowerBody(f, 4096)
		if m.down || strings.Contains(lb, "<center>nginx") || strings.Contains(lb, "<center>openresty") {
			return gateway{gwNginx, "nginx", "Server: " + short(f.rh.Get("Server")), true}, true
		}
		return gateway{}, true // nginx serving the application's own answer
	}},
	{"a proxy", func(f *facts, m gwMarks) (gateway, bool) {
		if m.via == "" {
			return gateway{}, false
		}
		return gateway{gwOther, "a proxy", "Via: " + short(f.rh.Get("Via")), f.status == 407 || m.down}, true
	}},
	{"a web server's own 5xx", func(f *facts, m gwMarks) (gateway, bool) {
		if !m.down {
			return gateway{}, false
		}
		for _, g := range []string{"akamai", "varnish", "haproxy", "traefik", "caddy", "apache", "squid"} {
			if strings.Contains(m.srv, g) {
				return gateway{gwOther, short(f.rh.Get("Server")), "Server: " + short(f.rh.Get("Server")), true}, true
			}
		}
		return gateway{}, false
	}},
}

// detectGateway names the layer that answered from its marks: headers only
// gateways send, the shape of their error bodies, a redirect to their
// sign-in page.
func detectGateway(f *facts) gateway {
	s := f.status
	m := gwMarks{srv: strings.ToLower(f.rh.Get("Server")), via: strings.ToLower(f.rh.Get("Via")), down: s == 502 || s == 503 || s == 504}
	for _, d := range detectors {
		if g, ok := d.match(f, m); ok {
			return g
		}
	}
	return gateway{}
}

func detectKong(f *facts, m gwMarks) (gateway, bool) {
	h := f.rh
	if v := h.Get("X-Kong-Response-Latency"); v != "" {
		return gateway{gwKong, "Kong", "X-Kong-Response-Latency: " + short(v), true}, true
	}
	srvKong := strings.Contains(m.srv, "kong")
	if !srvKong && !strings.Contains(m.via, "kong") && h.Get("X-Kong-Upstream-Latency") == "" && h.Get("X-Kong-Request-Id") == "" && !challengeRealm(f, "kong") {
		return gateway{}, false
	}
	own := h.Get("X-Kong-Upstream-Latency") == "" && (srvKong || challengeRealm(f, "kong"))
	sign := "Via: " + short(h.Get("Via"))
	if srvKong {
		sign = "Server: " + short(h.Get("Server"))
	} else if h.Get("Via") == "" {
		sign = "X-Kong-* headers"
	}
	return gateway{gwKong, "Kong", sign, own || m.down}, true
}

func detectCloudflare(f *facts, m gwMarks) (gateway, bool) {
	h := f.rh
	ray := h.Get("Cf-Ray")
	if ray == "" && m.srv != "cloudflare" {
		return gateway{}, false
	}
	sign := "cf-ray: " + short(ray)
	if ray == "" {
		sign = "Server: cloudflare"
	}
	if v := h.Get("Cf-Mitigated"); v != "" {
		sign = "cf-mitigated: " + short(v)
	}
	own := h.Get("Cf-Mitigated") != "" || (f.status >= 520 && f.status <= 530) || cloudflarePage(f) != ""
	return gateway{gwCloudflare, "Cloudflare", sign, own}, true
}

func detectEnvoy(f *facts, m gwMarks) (gateway, bool) {
	h := f.rh
	if !strings.Contains(m.srv, "envoy") && !hasHeaderPrefix(h, "X-Envoy-") {
		return gateway{}, false
	}
	name := "Envoy"
	if strings.Contains(m.srv, "istio") {
		name = "Istio's Envoy proxy"
	}
	sign := "Server: " + short(h.Get("Server"))
	if !strings.Contains(m.srv, "envoy") {
		sign = "x-envoy-* headers"
	}
	// Envoy stamps x-envoy-upstream-service-time on answers that came
	// from upstream; without it, and with no body an application would
	// write (its own are empty or a line of text), Envoy answered itself.
	own := h.Get("X-Envoy-Upstream-Service-Time") == "" && (f.body.Kind == "" || f.body.Kind == "text")
	return gateway{gwEnvoy, name, sign, own || m.down}, true
}

func firstHeader(h http.Header, names ...string) (string, string) {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return n, v
		}
	}
	return "", ""
}

func hasHeaderPrefix(h http.Header, prefix string) bool {
	for k := range h {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// lowerBody is the start of the body in lower case, for marker searches.
func lowerBody(f *facts, n int) string {
	if f.x.Response == nil {
		return ""
	}
	b := f.x.Response.Body
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToLower(b)
}

func challengeRealm(f *facts, realm string) bool {
	for _, c := range f.challenges {
		if strings.EqualFold(c.Params["realm"], realm) {
			return true
		}
	}
	return false
}

// apiGatewayMessage reports the bodies API Gateway writes itself.
func apiGatewayMessage(m string) bool {
	switch m {
	case "Unauthorized", "Forbidden", "Missing Authentication Token", "Not Found", "Too Many Requests",
		"User is not authorized to access this resource", "User is not authorized to access this resource with an explicit deny",
		"Internal Server Error", "Service Unavailable", "Endpoint request timed out":
		return true
	}
	return false
}

// espMessage recognises the refusals of ESPv2, Cloud Endpoints' Envoy:
// {"code": 401, "message": "Jwt is missing"} and its API key checks.
func espMessage(f *facts) bool {
	if f.x.Response == nil || !strings.HasPrefix(strings.TrimSpace(f.x.Response.Body), `{"code":`) {
		return false
	}
	m := f.body.Message
	return strings.HasPrefix(m, "Jwt ") || strings.HasPrefix(m, "JWT validation failed") || strings.HasPrefix(m, "Audiences in Jwt") ||
		strings.HasPrefix(m, "Method doesn't allow unregistered callers") || strings.HasPrefix(m, "API key not valid")
}

// apimGateway recognises Azure API Management: its key challenge, its
// {"statusCode": 401, "message": "Access denied due to …"} bodies, its
// Ocp-Apim-* headers and azure-api.net hosts.
func apimGateway(f *facts) (gateway, bool) {
	for _, c := range f.challenges {
		if strings.EqualFold(c.Scheme, "AzureApiManagementKey") {
			return gateway{gwAPIM, "Azure API Management", "WWW-Authenticate: AzureApiManagementKey", true}, true
		}
	}
	host := ""
	if f.url != nil {
		host = strings.ToLower(f.url.Hostname())
	}
	apim := hasHeaderPrefix(f.rh, "Ocp-Apim-") || strings.HasSuffix(host, ".azure-api.net")
	if !apim {
		return gateway{}, false
	}
	sign := "host " + short(host)
	if hasHeaderPrefix(f.rh, "Ocp-Apim-") {
		sign = "Ocp-Apim-* headers"
	}
	own := f.x.Response != nil && strings.Contains(f.x.Response.Body, `"statusCode"`) &&
		hasAny(f.text, "access denied due to", "subscription key", "access token is missing or invalid", "rate limit is exceeded", "out of call volume quota")
	return gateway{gwAPIM, "Azure API Management", sign, own}, true
}

// accessSignIn is the Cloudflare Access sign-in URL the request was sent
// to, if any.
func accessSignIn(f *facts) string {
	isAccess := func(raw string) bool {
		u, err := url.Parse(raw)
		return err == nil && strings.HasSuffix(strings.ToLower(u.Hostname()), ".cloudflareaccess.com")
	}
	for _, hop := range f.x.Redirects {
		if isAccess(hop.To) {
			return hop.To
		}
	}
	if f.x.Response == nil {
		return ""
	}
	if loc := f.rh.Get("Location"); loc != "" && isAccess(loc) {
		return loc
	}
	if isAccess(f.x.Request.URL) {
		return f.x.Request.URL
	}
	return ""
}

// cloudflarePage names the Cloudflare block page the body is, if any.
func cloudflarePage(f *facts) string {
	lb := lowerBody(f, 16<<10)
	switch {
	case lb == "":
		return ""
	case strings.Contains(lb, "error code: 1015"), strings.Contains(lb, "you are being rate limited"):
		return "rate limited (error 1015)"
	case strings.Contains(lb, "error code: 1020"):
		return "access denied by a firewall rule (error 1020)"
	case strings.Contains(lb, "error code: 1010"):
		return "blocked on the client's browser signature (error 1010)"
	case strings.Contains(lb, "just a moment..."), strings.Contains(lb, "cf-chl"), strings.Contains(lb, "challenge-platform"):
		return "a challenge page only a browser can pass"
	case strings.Contains(lb, "you have been blocked"), strings.Contains(lb, "attention required! | cloudflare"):
		return "blocked by the site's security rules"
	case strings.Contains(lb, "cloudflare") && strings.Contains(lb, "ray id"):
		return "a Cloudflare error page"
	}
	return ""
}

// ---- layer-specific readings and fixes ----

// gwFixed is a finding that got fixes for the layer at the front.
type gwFixed struct {
	id CauseID
	n  int // how many of its first fixes are the layer's
}

// gwAdd is add for a reading that comes from the layer: its fixes go first
// and the finding carries the layer's name.
func (d *diagnosis) gwAdd(id CauseID, conf float64, ev []string, rem *Remedy, lead ...string) {
	d.add(id, conf, ev, rem, lead...)
	if rem != nil {
		// The layer knows better than a generic rule how to fix this.
		for i := range d.out {
			if d.out[i].Cause == id {
				d.out[i].Remedy = rem
			}
		}
	}
	if len(lead) > 0 {
		// A generic guess at the scheme gives way to the layer's own command.
		d.dropFixes(id, "the server named no scheme", "as the server's challenge asks")
	}
	for i := range d.gwDone {
		if d.gwDone[i].id == id {
			d.gwDone[i].n += len(lead)
			return
		}
	}
	d.gwDone = append(d.gwDone, gwFixed{id, len(lead)})
}

// layerReadings are each family of layers' readings of its own refusals:
// they add findings and return the fixes that hold for the layer whatever
// the cause.
var layerReadings = map[gwKind]func(*diagnosis) []string{
	gwAPIGateway:       (*diagnosis).apiGateway,
	gwCloudflareAccess: (*diagnosis).cloudflareAccess,
	gwCloudflare:       (*diagnosis).cloudflare,
	gwKong:             (*diagnosis).kong,
	gwAPIM:             (*diagnosis).apim,
	gwIAP:              (*diagnosis).googleFront,
	gwCloudRun:         (*diagnosis).googleFront,
	gwGoogleAPI:        (*diagnosis).googleAPI,
	gwESPv2:            (*diagnosis).envoy,
	gwEnvoy:            (*diagnosis).envoy,
	gwNginx:            (*diagnosis).nginx,
	gwApigee:           (*diagnosis).apigee,
}

// layer reads a refusal that a gateway, CDN or proxy wrote itself: it
// names the layer on the findings and puts the fixes for that layer first.
func (d *diagnosis) layer() {
	f := d.f
	g := f.gw
	if f.x.Response == nil || !g.own {
		return
	}
	if f.status < 400 && g.kind != gwCloudflareAccess {
		return
	}
	var general []string
	if read := layerReadings[g.kind]; read != nil {
		general = read(d)
	}
	if len(d.out) == 0 {
		return
	}
	top := 0
	for i, fd := range d.out {
		if fd.Confidence > d.out[top].Confidence {
			top = i
		}
	}
	at := 0
	for _, done := range d.gwDone {
		if done.id == d.out[top].Cause {
			at = min(done.n, len(d.out[top].Fixes))
		}
	}
	if len(general) > 0 || len(d.gwDone) > 0 {
		fd := &d.out[top]
		fixes := make([]string, 0, len(fd.Fixes)+len(general))
		fixes = append(fixes, fd.Fixes[:at]...)
		fixes = appendNew(fixes, general...)
		fd.Fixes = appendNew(fixes, fd.Fixes[at:]...)
		fd.Layer = g.name
	}
	for _, done := range d.gwDone {
		for i := range d.out {
			if d.out[i].Cause == done.id {
				d.out[i].Layer = g.name
			}
		}
	}
}

// curlHeader is a curl command for this request with one more header, its
// value left as a shell variable.
func (d *diagnosis) curlHeader(name, variable string) string {
	m := ""
	if meth := d.f.x.Request.Method; meth != "" && meth != http.MethodGet && validHeaderName(meth) {
		m = "-X " + meth + " "
	}
	return "curl " + m + `-H "` + name + `: $` + variable + `" ` + shellQuote(short(d.f.x.Request.URL))
}

// sigv4Curl signs the request the way an IAM-authorized API Gateway route
// wants.
func (d *diagnosis) sigv4Curl() string {
	region := "$AWS_REGION"
	if d.f.url != nil {
		host := strings.ToLower(d.f.url.Hostname())
		if _, rest, ok := strings.Cut(host, ".execute-api."); ok {
			if r, _, ok := strings.Cut(rest, ".amazonaws.com"); ok && validHeaderName(r) {
				region = r
			}
		}
	}
	return `curl --aws-sigv4 "aws:amz:` + region + `:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" ` + shellQuote(short(d.f.x.Request.URL))
}

func (d *diagnosis) sentAWSSignature() bool {
	return strings.EqualFold(d.f.scheme, "AWS4-HMAC-SHA256")
}

func (d *diagnosis) apiGateway() []string {
	f := d.f
	kind, _, _ := strings.Cut(f.rh.Get("X-Amzn-Errortype"), ":")
	msg := f.body.Message
	said := d.bodyEvidence()
	switch {
	case kind == "MissingAuthenticationTokenException" || strings.Contains(f.text, "missing authentication token"):
		if f.status != 403 {
			// forbidden() reads a 403; another status reads the same way.
			d.missingAuthToken()
		}
	case kind == "UnauthorizedException" || (f.status == 401 && msg == "Unauthorized"):
		if !f.credsSent() || d.placeholder() {
			d.gwAdd(MissingCredentials, layerFoundNone, append([]string{"no Authorization header was sent"}, said...), nil,
				"API Gateway's authorizer found no token where its identity source looks, the Authorization header unless configured otherwise. Send it there (an HTTP API JWT authorizer wants \"Bearer <token>\"; a REST API Cognito authorizer takes the ID token as it is):\n"+d.curlWith(request.SchemeBearer))
			break
		}
		ev := append(d.sentEvidence(), said...)
		ev = append(ev, "API Gateway's authorizer refused the token before the backend saw it")
		if j := f.jwt; j != nil {
			if j.Issuer != "" {
				ev = append(ev, "JWT iss "+short(j.Issuer))
			}
			if len(j.Audience) > 0 {
				ev = append(ev, "JWT aud "+short(strings.Join(j.Audience, ", ")))
			}
			if c, ok := j.Claims["client_id"].(string); ok && c != "" {
				ev = append(ev, "JWT client_id "+short(c))
			}
			if u, ok := j.Claims["token_use"].(string); ok && u != "" {
				ev = append(ev, "JWT token_use "+short(u))
			}
		}
		d.gwAdd(InvalidToken, plausible, ev, d.switchRemedy())
		if d.has(ExpiredToken, likely) || d.has(ClockSkew, likely) {
			break
		}
		return []string{
			"Match the token to the authorizer: a Cognito authorizer accepts tokens of the user pool it names only; an HTTP API JWT authorizer checks iss against its issuer and aud (ID tokens) or client_id (access tokens) against its audiences, which hold the app client id.",
			"For a Lambda authorizer, read its CloudWatch logs: the function raising \"Unauthorized\" gives exactly this 401.",
			"Check the identity source: a REQUEST authorizer answers 401 when any header or query parameter it lists is missing, before the function runs.",
		}
	case kind == "AccessDeniedException" || strings.HasPrefix(msg, "User is not authorized to access this resource") || strings.Contains(msg, "is not authorized to perform: execute-api:Invoke"):
		d.gwAdd(Forbidden, layerSays, append(d.sentEvidence(), said...), nil,
			"A Lambda authorizer returned a Deny policy, or the API's resource policy denies this caller. If some routes work and others do not, the authorizer's cached policy (300 s by default) is being reused for a route it does not list: return a policy for every route (arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/*/*) or turn authorizer caching off.",
			"With IAM authorization, the caller's IAM policy needs execute-api:Invoke on this route's ARN.")
	case kind == "ForbiddenException" || (f.status == 403 && msg == "Forbidden"):
		keyHdr := f.qh.Get("X-Api-Key") != ""
		if !keyHdr {
			ev := append([]string{"no x-api-key header was sent"}, said...)
			lead := "If the method requires an API key, send it in x-api-key, the only place API Gateway reads it:\n" + d.curlHeader("x-api-key", "API_KEY")
			rem := &Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeAPIKey, Label: "add the API key and resend"}
			if strings.HasPrefix(f.apiKey, "header ") || strings.HasPrefix(f.apiKey, "query ") {
				ev[0] = "the key went in " + strings.Replace(f.apiKey, "query ", "the query parameter ", 1) + ", not in x-api-key"
				rem = &Remedy{Kind: RemedyMoveAPIKey, Scheme: request.SchemeAPIKey, Header: "x-api-key", Label: "send the API key in x-api-key and resend"}
			}
			d.gwAdd(MissingCredentials, likely, ev, rem, lead)
		} else {
			d.gwAdd(InvalidAPIKey, likely, append(d.sentEvidence(), said...), d.switchRemedy(),
				"The key must be enabled and belong to a usage plan that includes this API and stage; check both in the API Gateway console.")
		}
		return []string{"When no API key is required, API Gateway's own 403 Forbidden comes from a private API called outside its VPC endpoint, or from AWS WAF rules on the stage."}
	case kind == "IncompleteSignatureException" || strings.Contains(f.text, "invalid key=value pair"):
		d.gwAdd(WrongScheme, strong, append(d.sentEvidence(), said...), nil,
			"The route uses IAM authorization, which reads the Authorization header as an AWS Signature Version 4; a Bearer token or key is not one. Sign the request:\n"+d.sigv4Curl())
		d.gwAdd(NotFound, possible, []string{"API Gateway answers this also for a path or method that does not exist, when an Authorization header is present"}, nil,
			"Check the stage, path and method against the API's deployed routes (the stage name is part of the path: /prod/…).")
	case kind == "InvalidSignatureException":
		d.gwAdd(SignatureMismatch, layerSaysSignature, append(d.sentEvidence(), said...), d.switchRemedy(),
			"Sign for service execute-api in the API's region, over exactly the method, path, query and headers sent:\n"+d.sigv4Curl())
	case kind == "UnrecognizedClientException":
		d.gwAdd(InvalidAPIKey, layerSays, append(d.sentEvidence(), said...), nil,
			"AWS does not know the access key id the request was signed with: check AWS_ACCESS_KEY_ID, and send X-Amz-Security-Token too when the keys are temporary.")
	case kind == "ThrottlingException" || kind == "TooManyRequestsException" || kind == "LimitExceededException" || f.status == 429:
		d.gwAdd(RateLimited, certain, append([]string{"status " + strconv.Itoa(f.status)}, said...), nil,
			"API Gateway throttles by account, stage, route and usage plan: raise the plan's rate, burst or quota for this key, or spread the requests out.")
	}
	return nil
}

// missingAuthToken reads API Gateway's "Missing Authentication Token":
// usually no route matches the path and method; otherwise an IAM-authorized
// route got a request without a SigV4 signature.
func (d *diagnosis) missingAuthToken() {
	f := d.f
	ev := append([]string{f.x.Request.Method + " " + short(f.x.Request.URL)}, d.bodyEvidence()...)
	ev = append(ev, "API Gateway answers \"Missing Authentication Token\" also when no route matches the path and method")
	fix := []string{
		"Check the stage, path and method against the API's deployed routes (the stage name is part of the path: /prod/…).",
		"Paths are case-sensitive, and a route or method changed in the console is live only after the API is deployed to the stage again.",
	}
	if f.gw.kind == gwAPIGateway {
		ev = append(ev, f.gw.line())
	}
	d.setHeadline(NotFound, "no deployed route matches this method and path (API Gateway's \"Missing Authentication Token\")")
	switch {
	case d.sentAWSSignature():
		d.gwAdd(NotFound, layerNames, ev, nil, fix...)
	case f.credsSent() && !d.placeholder():
		d.gwAdd(NotFound, layerNames, ev, nil, fix...)
		d.gwAdd(WrongScheme, iamSchemeGuess, d.sentEvidence(), nil,
			"If the route uses IAM authorization, it wants an AWS Signature Version 4, not a token:\n"+d.sigv4Curl())
	default:
		d.gwAdd(NotFound, layerNames, ev, nil, fix...)
		d.gwAdd(MissingCredentials, iamSignatureGuess, []string{"no Authorization header was sent"}, nil,
			"If the route uses IAM authorization, sign the request with AWS Signature Version 4:\n"+d.sigv4Curl())
	}
}

func (d *diagnosis) cloudflareAccess() []string {
	f := d.f
	ev := []string{"sent to Cloudflare Access to sign in: " + short(accessSignIn(f))}
	if f.status < 400 {
		// A login page in place of the API's answer is no success.
		d.failedDespiteStatus = true
		ev = append(ev, "the "+strconv.Itoa(f.status)+" is Access's sign-in page, not the application's answer")
	}
	tokenSent := f.qh.Get("Cf-Access-Client-Id") != "" || f.qh.Get("Cf-Access-Token") != ""
	session := strings.Contains(f.qh.Get("Cookie"), "CF_Authorization=")
	app := f.x.Request.URL
	if len(f.x.Redirects) > 0 {
		app = f.x.Redirects[0].From
	}
	u := shellQuote(short(app))
	serviceToken := "Scripts and services need an Access service token: create one (Zero Trust → Access → Service credentials), add a Service Auth policy that includes it to this application, and send both headers:\n" +
		"curl -H \"CF-Access-Client-Id: $CF_ACCESS_CLIENT_ID\" -H \"CF-Access-Client-Secret: $CF_ACCESS_CLIENT_SECRET\" " + u
	person := "As a person, let cloudflared sign you in and send the token for you:\ncloudflared access curl " + u
	switch {
	case tokenSent:
		d.gwAdd(InvalidCredentials, strong, append(ev, "CF-Access-Client-Id was sent, and Access still asked for a sign-in"), nil,
			"Access refused the service token: check the id and secret pair, that the token has not expired, and that the application's policy has a Service Auth rule that includes it (an Allow rule for users does not accept service tokens).")
	case session:
		d.gwAdd(ExpiredToken, strong, append(ev, "a CF_Authorization cookie was sent; Access no longer accepts that session"), nil,
			"Sign in again to get a fresh CF_Authorization session:\ncloudflared access login "+u)
	default:
		d.gwAdd(MissingCredentials, strong, append(ev, "no CF-Access-Client-Id header or CF_Authorization cookie was sent"), nil, serviceToken, person)
		d.setHeadline(MissingCredentials, "Cloudflare Access wants a sign-in or a service token before the application")
	}
	return []string{"The application's own Authorization header is not what Access checks: Access decides first, then the application checks its own credentials."}
}

func (d *diagnosis) cloudflare() []string {
	f := d.f
	ray := f.rh.Get("Cf-Ray")
	page := cloudflarePage(f)
	where := "The zone's owner can look the request up by its Ray ID"
	if ray != "" {
		where += " (" + short(ray) + ")"
	}
	where += " under Security → Events, which names the rule that fired."
	switch {
	case f.status == 429 || strings.Contains(page, "1015"):
		d.gwAdd(RateLimited, strong, append([]string{"Cloudflare: " + page}, d.bodyEvidence()...), nil,
			"A Cloudflare rate limiting rule stopped the request before the application saw it: wait, then send fewer requests. "+where)
		return nil
	case f.status >= 500:
		return []string{"Cloudflare could not get an answer from the origin server: check that it runs, accepts connections from Cloudflare's addresses, and answers within 100 s."}
	case f.status == 403 || f.rh.Get("Cf-Mitigated") != "":
		why := page
		if f.rh.Get("Cf-Mitigated") != "" {
			why = "a challenge (cf-mitigated: " + short(f.rh.Get("Cf-Mitigated")) + ") that only a browser can pass"
		}
		if why == "" {
			why = "a Cloudflare security rule"
		}
		lead := []string{"Cloudflare refused the request before the application saw it (" + why + "), so changing credentials does not help. " + where}
		if strings.Contains(why, "challenge") {
			lead = append(lead, "An API client cannot answer a challenge: exempt the API's paths from Bot Fight Mode, Under Attack mode and challenge rules with a WAF skip rule.")
		} else {
			lead = append(lead, "For a trusted API client, the zone owner can add a WAF skip or allow rule (by path, a header, or mTLS) rather than loosening the whole site.")
		}
		d.gwAdd(Forbidden, layerSays, append([]string{"Cloudflare: " + why}, d.bodyEvidence()...), nil, lead...)
		d.noRemedy(Forbidden)
		d.setHeadline(Forbidden, "Cloudflare refused the request before the application saw it")
	}
	return nil
}

func (d *diagnosis) kong() []string {
	f := d.f
	said := d.bodyEvidence()
	keyAuth := "Kong's key-auth plugin reads the key under the names in its key_names setting, apikey unless changed, from a header, the query string or the body:\n" + d.curlHeader("apikey", "API_KEY")
	switch {
	case strings.Contains(f.text, "no api key found"):
		if f.apiKey != "" {
			where := strings.TrimPrefix(strings.TrimPrefix(f.apiKey, "header "), "query ")
			d.gwAdd(InvalidAPIKey, strong, append([]string{"a key was sent as " + short(where) + "; Kong found none under the names it reads"}, said...),
				&Remedy{Kind: RemedyMoveAPIKey, Scheme: request.SchemeAPIKey, Header: "apikey", Label: "send the API key in the apikey header and resend"}, keyAuth)
		} else {
			d.gwAdd(MissingCredentials, layerFoundNone, append([]string{"no API key was sent"}, said...),
				&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeAPIKey, Label: "add the API key and resend"}, keyAuth)
		}
	case strings.Contains(f.text, "invalid authentication credentials"):
		if strings.EqualFold(f.scheme, "basic") {
			d.gwAdd(InvalidCredentials, layerSays, append(d.sentEvidence(), said...), d.switchRemedy(),
				"Kong's basic-auth plugin checks the pair against the basic-auth credentials of its consumers: check the consumer's username and password in Kong.")
		} else {
			d.gwAdd(InvalidAPIKey, layerSays, append(d.sentEvidence(), said...), d.switchRemedy(),
				"The key belongs to no Kong consumer: compare it with the consumer's keys (Admin API: GET /consumers/CONSUMER/key-auth), or issue a new one.")
		}
	case strings.Contains(f.text, "cannot consume this service"):
		d.gwAdd(Forbidden, layerSays, append(d.sentEvidence(), said...), nil,
			"Kong's ACL plugin refused this consumer: add a group the route allows to the consumer (POST /consumers/CONSUMER/acls), or the consumer's group to the plugin's allow list.")
	case strings.Contains(f.text, "no credentials found for given"):
		ev := append(d.sentEvidence(), said...)
		if f.jwt != nil && f.jwt.Issuer != "" {
			ev = append(ev, "JWT iss "+short(f.jwt.Issuer))
		}
		d.gwAdd(WrongAudience, layerNames, ev, d.switchRemedy(),
			"Kong's jwt plugin finds the consumer by the claim named in key_claim_name (iss by default): that claim must equal the key of a jwt credential on a Kong consumer.")
	case f.status == 429 || strings.Contains(f.text, "rate limit exceeded"):
		d.gwAdd(RateLimited, certain, append([]string{"status " + strconv.Itoa(f.status)}, said...), nil,
			"Kong's rate limiting plugin counts per consumer, credential or IP; its RateLimit-* headers say when the window resets.")
	}
	return []string{"Kong answered without calling the upstream service: a plugin on this route or service made the decision. List them with the Admin API (GET /routes/ROUTE/plugins) to see which one."}
}

func (d *diagnosis) apim() []string {
	f := d.f
	said := d.bodyEvidence()
	header := "Ocp-Apim-Subscription-Key"
	for _, c := range f.challenges {
		if n := c.Params["name"]; strings.EqualFold(c.Scheme, "AzureApiManagementKey") && validHeaderName(n) && strings.EqualFold(c.Params["type"], "header") {
			header = n
		}
	}
	keyFix := "Send the subscription key in " + header + " (or the subscription-key query parameter):\n" + d.curlHeader(header, "APIM_SUBSCRIPTION_KEY")
	switch {
	case strings.Contains(f.text, "missing subscription key"):
		sentKey := f.qh.Get(header) != ""
		if f.apiKey != "" && !sentKey {
			where := strings.TrimPrefix(strings.TrimPrefix(f.apiKey, "header "), "query ")
			d.gwAdd(InvalidAPIKey, strong, append([]string{"a key was sent as " + short(where) + ", not in " + header}, said...),
				&Remedy{Kind: RemedyMoveAPIKey, Scheme: request.SchemeAPIKey, Header: header, Label: "send the key in " + header + " and resend"}, keyFix)
		} else {
			d.gwAdd(MissingCredentials, layerFoundNone, append([]string{"no " + header + " header was sent"}, said...),
				&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeAPIKey, Label: "add the subscription key and resend"}, keyFix)
		}
	case strings.Contains(f.text, "invalid subscription key"):
		d.gwAdd(InvalidAPIKey, layerNames, append(d.sentEvidence(), said...), d.switchRemedy(),
			"API Management takes the primary or secondary key of an active subscription whose scope (a product, this API, or all APIs) includes this API: copy it from the Azure portal (API Management → Subscriptions) or the developer portal.")
	case strings.Contains(f.text, "access token is missing or invalid"):
		if !f.authzSent {
			d.gwAdd(MissingCredentials, layerFoundNone, append([]string{"no Authorization header was sent"}, said...), nil,
				"API Management's validate-jwt policy wants a token:\n"+d.curlWith(request.SchemeBearer))
		} else {
			d.gwAdd(InvalidToken, likely, append(d.sentEvidence(), said...), d.switchRemedy(),
				"API Management's validate-jwt policy refused the token before the backend saw it: compare the token's aud and iss with the policy's audiences and issuers and its openid-config URL.")
		}
	}
	return []string{"API Management answered, not the backend: the check is a subscription requirement or a policy. The portal's Test tab with tracing shows which policy refused the call."}
}

func (d *diagnosis) googleFront() []string {
	f := d.f
	said := d.bodyEvidence()
	u := shellQuote(short(f.x.Request.URL))
	if f.gw.kind == gwIAP {
		if f.status == 401 || !f.credsSent() {
			cause, ev := MissingCredentials, append([]string{"no Authorization header was sent"}, said...)
			if f.authzSent {
				cause, ev = InvalidToken, append(d.sentEvidence(), said...)
			}
			d.gwAdd(cause, strong, ev, nil,
				"Identity-Aware Proxy wants an OIDC ID token whose audience is the IAP OAuth client id. For a service account:\ncurl -H \"Authorization: Bearer $(gcloud auth print-identity-token --impersonate-service-account=SA_EMAIL --audiences=IAP_CLIENT_ID --include-email)\" "+u)
			return nil
		}
		d.gwAdd(Forbidden, layerSays, append(d.sentEvidence(), said...), nil,
			"IAP knows the caller but refuses it: grant the IAP-secured Web App User role (roles/iap.httpsResourceAccessor) on this resource.")
		return nil
	}
	idToken := "Private Cloud Run services and Cloud Functions refuse calls without an identity token before your code runs; send one whose audience is the service URL:\ncurl -H \"Authorization: Bearer $(gcloud auth print-identity-token)\" " + u
	switch {
	case !f.credsSent() || d.placeholder():
		d.gwAdd(MissingCredentials, strong, append([]string{"no Authorization header was sent"}, said...), nil, idToken)
	case f.status == 401:
		d.gwAdd(InvalidToken, likely, append(d.sentEvidence(), said...), nil,
			"The front end could not verify the token: it wants a Google-signed ID token (not an access token, ya29.…) whose audience is the service URL:\ncurl -H \"Authorization: Bearer $(gcloud auth print-identity-token)\" "+u)
	default:
		d.gwAdd(Forbidden, layerSays, append(d.sentEvidence(), said...), nil,
			"The token is valid but the caller may not invoke the service: grant it roles/run.invoker (Cloud Functions: roles/cloudfunctions.invoker) on the service.")
	}
	return nil
}

func (d *diagnosis) googleAPI() []string {
	f := d.f
	switch f.status {
	case 401:
		return []string{"Google APIs take an OAuth 2.0 access token for an account with access (gcloud auth print-access-token) or, where the API allows it, an API key in x-goog-api-key; an ID token does not authenticate to them."}
	case 403:
		return []string{"Check that the API is enabled in the project the credential belongs to, and that the caller has the role the error names (Google Cloud console → IAM)."}
	}
	return nil
}

func (d *diagnosis) envoy() []string {
	f := d.f
	said := d.bodyEvidence()
	if f.body.Message == "" && f.x.Response != nil && strings.TrimSpace(f.x.Response.Body) != "" {
		said = append(said, "body: "+strconv.Quote(short(strings.TrimSpace(f.x.Response.Body))))
	}
	m := strings.ToLower(strings.TrimSpace(f.body.Message))
	if m == "" && f.x.Response != nil {
		m = strings.ToLower(strings.TrimSpace(f.x.Response.Body))
	}
	jwtFix := "Envoy's jwt_authn filter (Istio: RequestAuthentication) checks the token against its provider: the issuer, the audiences and the keys at remote_jwks must all match the token."
	if f.gw.kind == gwESPv2 {
		jwtFix = "Cloud Endpoints checks the token against the authentication rules of the service config (x-google-issuer, x-google-jwks_uri and x-google-audiences in the OpenAPI spec): the token's iss and aud must match them."
	}
	switch {
	case strings.HasPrefix(m, "jwt is missing"):
		d.gwAdd(MissingCredentials, layerFoundNone, append([]string{"no Authorization header was sent"}, said...), nil,
			jwtFix+" Send it as a Bearer token:\n"+d.curlWith(request.SchemeBearer))
	case strings.HasPrefix(m, "jwt is expired"):
		d.gwAdd(ExpiredToken, strong, append(said, d.jwtExpEvidence()...), d.refreshRemedy(), jwtFix)
	case strings.HasPrefix(m, "jwt issuer is not configured"), strings.HasPrefix(m, "audiences in jwt are not allowed"):
		ev := said
		if f.jwt != nil {
			ev = append(ev, "JWT iss "+short(f.jwt.Issuer), "JWT aud "+short(strings.Join(f.jwt.Audience, ", ")))
		}
		d.gwAdd(WrongAudience, strong, ev, d.switchRemedy(), jwtFix)
	case strings.HasPrefix(m, "jwt verification fails"), strings.HasPrefix(m, "jwt validation failed"):
		d.gwAdd(SignatureMismatch, likely, append(said, d.sentEvidence()...), d.switchRemedy(), jwtFix)
	case strings.HasPrefix(m, "method doesn't allow unregistered callers"):
		d.gwAdd(MissingCredentials, strong, append([]string{"no API key was sent"}, said...),
			&Remedy{Kind: RemedyAddCredentials, Scheme: request.SchemeAPIKey, Label: "add the API key and resend"},
			"This method wants an API key from the Google Cloud project: send it as the key query parameter or in x-api-key:\n"+d.curlHeader("x-api-key", "API_KEY"))
	case strings.HasPrefix(m, "api key not valid"):
		d.gwAdd(InvalidAPIKey, strong, append(said, d.sentEvidence()...), d.switchRemedy(),
			"Use a key from the project that owns the API, with no API restriction that excludes it (Google Cloud console → APIs & Services → Credentials).")
	case strings.HasPrefix(m, "rbac: access denied"):
		d.gwAdd(Forbidden, layerNames, append(said, d.sentEvidence()...), nil,
			"An RBAC filter (Istio: an AuthorizationPolicy) denied the request: find the policy that matches this path and caller and allow the caller's identity, namespace or JWT claims.")
	case f.status == 403:
		d.gwAdd(Forbidden, plausible, append(said, "Envoy refused without calling the application"), nil,
			"An external authorization service (ext_authz) or an RBAC policy in Envoy refused the request: its logs give the reason; the application never saw it.")
		d.setHeadline(Forbidden, "Envoy refused the request before the application saw it")
	}
	if f.gw.kind == gwESPv2 {
		return nil
	}
	return []string{"Envoy answered without reaching the application (no x-envoy-upstream-service-time header): the decision was made by a filter in front of it (ext_authz, jwt_authn, RBAC), so the fix is in that filter's configuration or its authorization service."}
}

func (d *diagnosis) nginx() []string {
	f := d.f
	switch f.status {
	case 401:
		return []string{"nginx answered with its own page, so the application never saw the request: the check is nginx's (auth_basic with an htpasswd file, or auth_request to an auth service such as oauth2-proxy). Fix the credentials for that layer, or read the auth service's log."}
	case 403:
		return []string{"nginx refused with its own page: an allow/deny rule, an auth_request service answering 403, or file permissions. nginx's error.log names which."}
	}
	return nil
}

func (d *diagnosis) apigee() []string {
	f := d.f
	code := strings.ToLower(f.body.Code)
	said := d.bodyEvidence()
	switch {
	case strings.Contains(code, "failedtoresolveapikey"):
		where := "the place its VerifyAPIKey policy reads"
		if _, v, ok := strings.Cut(f.body.Message, "variable "); ok && v != "" {
			where = short(v)
		}
		ev := append([]string{"Apigee found no API key in " + where}, said...)
		if f.apiKey != "" {
			ev = append(ev, "a key was sent as "+strings.TrimPrefix(strings.TrimPrefix(f.apiKey, "header "), "query ")+", where this proxy does not look")
		}
		lead := "Send the key where the proxy's VerifyAPIKey policy reads it (" + where + "): request.queryparam.NAME is the query parameter NAME, request.header.NAME the header NAME."
		if name, ok := strings.CutPrefix(where, "request.queryparam."); ok && validHeaderName(name) {
			q := "?"
			if strings.Contains(f.x.Request.URL, "?") {
				q = "&"
			}
			lead = "Send the key as the query parameter " + name + ", where the proxy's VerifyAPIKey policy reads it:\ncurl " + shellQuote(short(f.x.Request.URL)+q+name+"=") + `"$API_KEY"`
		} else if name, ok := strings.CutPrefix(where, "request.header."); ok && validHeaderName(name) {
			lead = "Send the key in the " + name + " header, where the proxy's VerifyAPIKey policy reads it:\n" + d.curlHeader(name, "API_KEY")
		}
		d.gwAdd(MissingCredentials, strong, ev, nil, lead)
	case strings.Contains(code, "invalidapicallasnoapiproductmatchfound"), strings.Contains(code, "invalidapikeyforgivenresource"):
		d.gwAdd(Forbidden, strong, append(d.sentEvidence(), said...), nil,
			"The key is valid, but no API product of its app covers this proxy, path or environment: add them to the product, or use a key from an app that has it.")
	case strings.Contains(code, "invalidapikey"):
		d.gwAdd(InvalidAPIKey, strong, append(d.sentEvidence(), said...), d.switchRemedy(),
			"Use the consumer key of an approved developer app (Apigee → Apps), not its secret.")
	case strings.Contains(code, "access_token_expired"):
		d.gwAdd(ExpiredToken, strong, said, d.refreshRemedy())
	case strings.Contains(code, "failedtoresolveaccesstoken"), strings.Contains(code, "missing_authorization"):
		d.gwAdd(MissingCredentials, strong, append([]string{"no Authorization header was sent"}, said...), nil,
			"Apigee's OAuthV2 VerifyAccessToken policy reads the token from Authorization: Bearer:\n"+d.curlWith(request.SchemeBearer))
	case strings.Contains(code, "invalidaccesstoken"), strings.Contains(code, "invalid_access_token"):
		d.gwAdd(InvalidToken, strong, append(d.sentEvidence(), said...), d.switchRemedy(),
			"Apigee checks only tokens it issued itself (its OAuthV2 GenerateAccessToken policy); a token from another identity provider needs a VerifyJWT policy instead.")
	case strings.Contains(code, "consumer_key_expired_or_revoked"), strings.Contains(code, "apikeynotapproved"), strings.Contains(code, "developerstatusnotactive"):
		d.gwAdd(RevokedCredentials, strong, append(d.sentEvidence(), said...), d.switchRemedy(),
			"The key, its app or its developer was revoked or is not approved: approve or re-create them in Apigee.")
	}
	return []string{"Apigee answered from a policy in the API proxy (fault errorcode " + short(f.body.Code) + ") before calling the backend; the proxy's Debug view shows which policy raised it."}
}

// keyHeader is the header a gateway reads API keys from, when the layer
// tells; "" leaves the choice to the caller.
func (d *diagnosis) keyHeader() string {
	f := d.f
	for _, c := range f.challenges {
		if h := c.Params["header"]; validHeaderName(h) {
			return h
		}
		if h := c.Params["name"]; validHeaderName(h) && strings.EqualFold(c.Params["type"], "header") {
			return h
		}
	}
	switch f.gw.kind {
	case gwKong:
		return "apikey"
	case gwAPIM:
		return "Ocp-Apim-Subscription-Key"
	case gwAPIGateway:
		return "x-api-key"
	}
	return ""
}

// noRemedy drops the automatic fix from a finding whose cure lies with the
// layer's owner, not in another credential.
func (d *diagnosis) noRemedy(id CauseID) {
	for i := range d.out {
		if d.out[i].Cause == id {
			d.out[i].Remedy = nil
		}
	}
}
