package diagnose

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// The token endpoint (RFC 6749 §5.2, RFC 8628 §3.5) and the authorization
// endpoint (§4.1.2.1) answer in their own vocabulary: an error code that
// names the grant's problem, not the resource's. These rules read it with
// what the request sent (the grant type, where the client secret went,
// whether a PKCE verifier was there).

// oauthCall is what a token or authorization request carried.
type oauthCall struct {
	grant        string     // grant_type of a token request; "" for an authorization request
	authorize    bool       // an authorization request (response_type in the query)
	form         url.Values // the token request's body, or the authorization request's query
	secretInBody bool       // client_secret went in the form body
	basic        bool       // the client authenticated with HTTP Basic
}

func (d *diagnosis) oauthRequest() (oauthCall, bool) {
	x := d.f.x
	var c oauthCall
	if d.f.url != nil {
		if q := d.f.url.Query(); q.Get("response_type") != "" && q.Get("client_id") != "" {
			c.authorize, c.form = true, q
			return c, true
		}
	}
	if !strings.EqualFold(x.Request.Method, "POST") || !strings.Contains(strings.ToLower(d.f.qh.Get("Content-Type")), "x-www-form-urlencoded") {
		return c, false
	}
	form, err := url.ParseQuery(x.Request.Body)
	if err != nil || form.Get("grant_type") == "" {
		return c, false
	}
	c.grant, c.form = form.Get("grant_type"), form
	c.secretInBody = form.Get("client_secret") != ""
	c.basic = strings.EqualFold(d.f.scheme, "basic")
	return c, true
}

// oauthError is the error code and description of the answer, from the
// JSON body or, for a redirect, the Location's query.
func (d *diagnosis) oauthError() (code, desc string, interval int) {
	if d.f.x.Response == nil {
		return "", "", 0
	}
	var m map[string]any
	if json.Unmarshal([]byte(d.f.x.Response.Body), &m) == nil {
		code, _ = m["error"].(string)
		desc, _ = m["error_description"].(string)
		if n, ok := m["interval"].(float64); ok && n > 0 && n < 3600 {
			interval = int(n)
		}
	}
	return code, desc, interval
}

// oauth reports whether the exchange was a token or authorization request
// refused in OAuth's terms, adding what that refusal means.
func (d *diagnosis) oauth() bool {
	call, ok := d.oauthRequest()
	if !ok || d.f.status < 400 {
		return false
	}
	code, desc, interval := d.oauthError()
	low := strings.ToLower(desc)
	ev := []string{}
	said := "the server answered error=" + code
	if desc != "" {
		said += `, error_description="` + desc + `"`
	}
	if code != "" {
		ev = append(ev, said)
	}
	if call.authorize {
		if code == "redirect_uri_mismatch" || (code == "invalid_request" || code == "") && mentionsRedirect(low+" "+strings.ToLower(d.f.text)) {
			d.add(RedirectURIMismatch, certain, append(ev, "the authorization request sent redirect_uri="+call.form.Get("redirect_uri")), nil)
			return true
		}
		return false
	}
	ev = append(ev, "the token request sent grant_type="+call.grant)
	switch code {
	case "redirect_uri_mismatch":
		d.add(RedirectURIMismatch, certain, append(ev, "the token request sent redirect_uri="+call.form.Get("redirect_uri")), nil)
		return true
	case "invalid_client":
		wantBasic, wantBody := wantedClientAuth(low)
		var where string
		conf := certain
		switch {
		case call.secretInBody && !call.basic && wantBasic:
			where = "the client secret went in the form body (client_secret_post); the server says the client authenticates with HTTP Basic"
		case call.basic && !call.secretInBody && wantBody:
			where = "the client authenticated with HTTP Basic; the server says it reads the secret from the form body (client_secret_post)"
		case call.secretInBody && !call.basic && d.f.status == 401:
			// Without the server's words this is only a lead: a wrong id
			// or secret in the body is refused the same way.
			where, conf = "the client secret went in the form body (client_secret_post); a server registered for client_secret_basic refuses that as invalid_client", possible
		default:
			return false // a wrong id or secret: the credential rules say so
		}
		for _, ch := range d.f.challengeRaw {
			ev = append(ev, "WWW-Authenticate: "+ch)
		}
		d.add(ClientAuthMethod, conf, append(ev, where), &Remedy{Kind: RemedyMoveClientSecret, Label: moveSecretLabel(call.secretInBody)})
		return conf == certain
	case "invalid_grant":
		switch call.grant {
		case "authorization_code":
			switch {
			case strings.Contains(low, "verifier") || strings.Contains(low, "pkce") || strings.Contains(low, "code_challenge"):
				if call.form.Get("code_verifier") == "" {
					ev = append(ev, "no code_verifier was sent")
				} else {
					ev = append(ev, "a code_verifier was sent; its S256 hash is not the code_challenge this code was issued for")
				}
				d.add(PKCEMismatch, certain, ev, runFlow("sign in again: a new code with its own verifier"))
			case mentionsRedirect(low):
				d.add(RedirectURIMismatch, strong, append(ev, "the token request sent redirect_uri="+call.form.Get("redirect_uri")), nil)
			default:
				d.add(AuthorizationCodeInvalid, strong, ev, runFlow("sign in again for a new code"))
			}
			return true
		case "refresh_token":
			d.add(RefreshTokenInvalid, certain, ev, runFlow("sign in again for a new refresh token"))
			return true
		}
		return false
	case "unsupported_grant_type":
		var rem *Remedy
		if g, ok := meantGrant(call.grant); ok {
			ev = append(ev, "grant_type="+call.grant+" is not a grant type RFC 6749 or its extensions define; "+g+" is")
			rem = &Remedy{Kind: RemedySetFormField, Field: "grant_type", Value: g, Label: "send grant_type=" + g}
		}
		d.add(UnsupportedGrantType, certain, ev, rem)
		return true
	case "unauthorized_client":
		d.add(UnauthorizedClient, certain, ev, nil)
		return true
	case "invalid_scope":
		if sc := call.form.Get("scope"); sc != "" {
			ev = append(ev, "the token request asked for scope="+sc)
		}
		d.add(InvalidScope, certain, ev, nil)
		return true
	case "authorization_pending":
		if isDeviceGrant(call.grant) {
			d.add(AuthorizationPending, certain, append(ev, "the user has not approved the device code yet"), nil)
			return true
		}
	case "access_denied":
		d.add(AccessDenied, certain, ev, runFlow("sign in again and approve"))
		return true
	case "expired_token":
		if isDeviceGrant(call.grant) {
			d.add(DeviceCodeExpired, certain, ev, runFlow("ask for a new device code"))
			return true
		}
	case "slow_down":
		if isDeviceGrant(call.grant) {
			wait := interval
			if ra, err := strconv.Atoi(strings.TrimSpace(d.f.rh.Get("Retry-After"))); err == nil && ra > wait {
				wait = ra
			}
			if wait == 0 {
				wait = 10 // RFC 8628 §3.5: the default 5 s plus the 5 slow_down adds
			}
			ev = append(ev, fmt.Sprintf("the interval to wait between polls is now %d s", wait))
			d.add(SlowDown, certain, ev, &Remedy{Kind: RemedyRetryAfter, Wait: float64(wait), Label: fmt.Sprintf("wait %d s, then poll again", wait)})
			return true
		}
	}
	return false
}

func (d *diagnosis) challengedBasic() bool {
	for _, c := range d.f.challenges {
		if strings.EqualFold(c.Scheme, "basic") {
			return true
		}
	}
	return false
}

func mentionsRedirect(s string) bool {
	return strings.Contains(s, "redirect_uri") || strings.Contains(s, "redirect uri") || strings.Contains(s, "redirect url")
}

func isDeviceGrant(g string) bool {
	return g == "urn:ietf:params:oauth:grant-type:device_code" || g == "device_code"
}

func moveSecretLabel(inBody bool) string {
	if inBody {
		return "send client id and secret with HTTP Basic and resend"
	}
	return "send client id and secret in the form body and resend"
}

// wantedClientAuth reads which client authentication method the server's
// description asks for. ORY Hydra says "supports client authentication
// method 'client_secret_basic', but method 'client_secret_post' was
// requested": the first method named is the one wanted.
func wantedClientAuth(desc string) (basic, body bool) {
	b, p := strings.Index(desc, "client_secret_basic"), strings.Index(desc, "client_secret_post")
	switch {
	case b >= 0 && (p < 0 || b < p):
		return true, false
	case p >= 0:
		return false, true
	}
	return strings.Contains(desc, "http basic") || strings.Contains(desc, "basic auth"), strings.Contains(desc, "request body") && !strings.Contains(desc, "not read")
}

// grantTypes are the grant types RFC 6749 and its extensions define.
var grantTypes = []string{
	"authorization_code", "client_credentials", "password", "refresh_token",
	"urn:ietf:params:oauth:grant-type:device_code",    // RFC 8628
	"urn:ietf:params:oauth:grant-type:jwt-bearer",     // RFC 7523
	"urn:ietf:params:oauth:grant-type:saml2-bearer",   // RFC 7522
	"urn:ietf:params:oauth:grant-type:token-exchange", // RFC 8693
	"urn:openid:params:grant-type:ciba",               // OpenID CIBA
}

// meantGrant is the defined grant type a misspelled or shortened one
// stands for; a grant type that is defined, or too far from any, is not
// corrected: the server may simply not offer it.
func meantGrant(sent string) (string, bool) {
	low := strings.ToLower(strings.TrimSpace(sent))
	if low == "" {
		return "", false
	}
	best, bestDist := "", 4
	for _, g := range grantTypes {
		if low == g {
			return "", false
		}
		short := g[strings.LastIndex(g, ":")+1:]
		if low == short || low == strings.ReplaceAll(short, "-", "_") || low == "device" && short == "device_code" {
			return g, true // the URN written short
		}
		if dist := editDistance(low, g); dist < bestDist {
			best, bestDist = g, dist
		}
	}
	return best, best != ""
}

// runFlow is the remedy of a grant that only running it again fixes.
func runFlow(label string) *Remedy { return &Remedy{Kind: RemedyRunFlow, Label: label} }
