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
		return d.clientAuthRefused(call, low, ev)
	case "invalid_grant":
		return d.grantRefused(call, low, ev)
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

// clientAuthRefused reads invalid_client: the client authenticated in a
// way the server does not take. A wrong id or secret is left to the
// credential rules.
func (d *diagnosis) clientAuthRefused(call oauthCall, low string, ev []string) bool {
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
}

// grantRefused reads invalid_grant: a code or refresh token the server
// will not exchange.
func (d *diagnosis) grantRefused(call oauthCall, low string, ev []string) bool {
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

// What a token or authorization endpoint says while a token is got.
const (
	ClientAuthMethod         CauseID = "client_auth_method"
	PKCEMismatch             CauseID = "pkce_mismatch"
	AuthorizationCodeInvalid CauseID = "authorization_code_invalid"
	RedirectURIMismatch      CauseID = "redirect_uri_mismatch"
	RefreshTokenInvalid      CauseID = "refresh_token_invalid"
	DeviceCodeExpired        CauseID = "device_code_expired"
	SlowDown                 CauseID = "slow_down"
	UnsupportedGrantType     CauseID = "unsupported_grant_type"
	UnauthorizedClient       CauseID = "unauthorized_client"
	InvalidScope             CauseID = "invalid_scope"
	AuthorizationPending     CauseID = "authorization_pending"
	AccessDenied             CauseID = "access_denied"
)

var oauthCauses = []Cause{
	{
		ID:    ClientAuthMethod,
		Title: "Client secret sent in the wrong place",
		Explanation: "A token endpoint authenticates each client in one registered way: HTTP Basic with the id and secret " +
			"(client_secret_basic) or both as form fields (client_secret_post). This request used the other one, so the server " +
			"saw no client credentials and answered invalid_client, though the secret itself may be right.",
		Fixes: []string{
			"Send the id and secret the way the client is registered. With HTTP Basic:\ncurl -u \"$CLIENT_ID:$CLIENT_SECRET\" -d grant_type=client_credentials \"$TOKEN_URL\"",
			"As form fields:\ncurl -d grant_type=client_credentials -d client_id=\"$CLIENT_ID\" -d client_secret=\"$CLIENT_SECRET\" \"$TOKEN_URL\"",
			"The discovery document's token_endpoint_auth_methods_supported lists what the server takes; golang.org/x/oauth2 picks with Endpoint.AuthStyle.",
		},
		Statuses:  []int{401, 400},
		Reference: "RFC 6749 §2.3.1, §5.2 (invalid_client); OpenID Connect Core §9",
		Remedy:    RemedyMoveClientSecret,
	},
	{
		ID:    PKCEMismatch,
		Title: "PKCE code verifier does not match",
		Explanation: "With PKCE the client makes a random code_verifier, sends its SHA-256 (the code_challenge) with the authorization " +
			"request, and must send the verifier itself when it trades the code. The server hashes what arrived and compares: " +
			"a verifier from another attempt, a missing one, or a plain challenge where S256 was declared all end in invalid_grant.",
		Fixes: []string{
			"Keep the verifier with the authorization request that used its challenge, and send that one with this code (one verifier per attempt).",
			"The challenge is BASE64URL(SHA256(verifier)) without padding, with code_challenge_method=S256.",
			"Start the authorization again if the verifier is lost; the code cannot be redeemed without it.",
		},
		Statuses:  []int{400},
		Reference: "RFC 7636 §4.1–4.6; RFC 6749 §5.2 (invalid_grant)",
	},
	{
		ID:    AuthorizationCodeInvalid,
		Title: "Authorization code already used or expired",
		Explanation: "An authorization code is short-lived (minutes) and good for one exchange. A second exchange of the same code " +
			"(a retried request, a reloaded callback page), a code that waited too long, or one issued to another client is refused " +
			"with invalid_grant; servers may also revoke the tokens the first exchange gave.",
		Fixes: []string{
			"Run the authorization again to get a new code, and exchange it once, right away.",
			"Do not retry a token request that sent a code; on an error, start over from the authorization request.",
			"Send the same client_id and redirect_uri the authorization request used.",
		},
		Statuses:  []int{400},
		Reference: "RFC 6749 §4.1.2, §10.5, §5.2 (invalid_grant)",
	},
	{
		ID:    RedirectURIMismatch,
		Title: "Redirect URI not registered for the client",
		Explanation: "The authorization server sends the code only to a redirect URI registered for the client, compared exactly " +
			"(scheme, host, port, path). A URI it does not know is refused on its own page rather than followed, so no code is sent to " +
			"a place the client does not own. Native apps may use a loopback URI on any port.",
		Fixes: []string{
			"Send exactly a registered redirect_uri, or register this one in the client's settings.",
			"For a command-line or desktop app, register http://127.0.0.1/callback and listen on a free port: loopback URIs match on any port.",
			"The token request must repeat the same redirect_uri the authorization request used.",
		},
		Statuses:  []int{400},
		Reference: "RFC 6749 §3.1.2, §4.1.2.1; RFC 8252 §7.3",
	},
	{
		ID:    RefreshTokenInvalid,
		Title: "Refresh token is no longer valid",
		Explanation: "The refresh token was refused with invalid_grant: it expired, the user signed out or changed the password, " +
			"an administrator revoked the session, or it was rotated and this is the old copy. Retrying with it never works.",
		Fixes: []string{
			"Sign in again with a full grant (authorization code, device) to get a new refresh token.",
			"With rotating refresh tokens, keep the newest one after every refresh; one refresh at a time, so two workers do not race.",
			"Check the token belongs to this client: a refresh token is bound to the client it was issued to.",
		},
		Statuses:  []int{400, 401},
		Reference: "RFC 6749 §6, §5.2 (invalid_grant); OAuth 2.0 Security BCP (RFC 9700) §4.14",
	},
	{
		ID:    DeviceCodeExpired,
		Title: "Device code expired",
		Explanation: "A device code is valid for the expires_in the device authorization answer gave, and the user did not approve " +
			"it in that time. The token endpoint now answers expired_token to every poll.",
		Fixes: []string{
			"Start the device authorization again and show the new user code and verification URI.",
			"Show the time left to the user, and stop polling when it runs out.",
		},
		Statuses:  []int{400},
		Reference: "RFC 8628 §3.2, §3.5 (expired_token)",
	},
	{
		ID:    SlowDown,
		Title: "Device flow polled too fast",
		Explanation: "While the user approves a device code, the client polls the token endpoint. Polling sooner than the interval " +
			"gets slow_down, and the client must add 5 seconds to its interval for that poll and every later one.",
		Fixes: []string{
			"Wait at least the interval (5 s unless the server said otherwise) between polls, and add 5 s after each slow_down.",
			"golang.org/x/oauth2's DeviceAccessToken honours interval and slow_down for you.",
		},
		Statuses:  []int{400},
		Reference: "RFC 8628 §3.4, §3.5 (slow_down)",
		Remedy:    RemedyRetryAfter,
	},
	{
		ID:    UnsupportedGrantType,
		Title: "Grant type not supported by the server",
		Explanation: "The token endpoint does not implement the grant_type this request names: a typo, a grant the server never " +
			"offered (the password grant is often switched off), or the device grant's URN written short.",
		Fixes: []string{
			"Check the spelling: client_credentials, authorization_code, refresh_token, password, urn:ietf:params:oauth:grant-type:device_code.",
			"The discovery document's grant_types_supported lists what the server takes:\ncurl \"$ISSUER/.well-known/openid-configuration\"",
		},
		Statuses:  []int{400},
		Reference: "RFC 6749 §5.2 (unsupported_grant_type); RFC 8414 §2",
	},
	{
		ID:    UnauthorizedClient,
		Title: "Client not allowed to use this grant",
		Explanation: "The client authenticated, but its registration does not allow this grant type: a public client asking for " +
			"client credentials, or a client set up for the authorization code flow trying the password or device grant.",
		Fixes: []string{
			"Enable the grant for this client in the authorization server's client settings, or use a grant it allows.",
			"Service-to-service calls use a confidential client with the client_credentials grant; apps acting for a user use authorization_code with PKCE or the device grant.",
		},
		Statuses:  []int{400, 401},
		Reference: "RFC 6749 §5.2 (unauthorized_client)",
	},
	{
		ID:    InvalidScope,
		Title: "Requested scope is unknown or not allowed",
		Explanation: "The token request asks for a scope the server does not define, one this client may not request, or " +
			"spells several scopes with commas where OAuth wants spaces.",
		Fixes: []string{
			"Ask only for scopes the API documents and the client is allowed; separate them with spaces: scope=\"read write\".",
			"The discovery document's scopes_supported lists the server's scopes.",
			"Leave scope out to get the client's default scopes.",
		},
		Statuses:  []int{400},
		Reference: "RFC 6749 §3.3, §5.2 (invalid_scope)",
	},
	{
		ID:    AuthorizationPending,
		Title: "Device code not approved yet",
		Explanation: "The device flow's user has not finished at the verification address, so the token endpoint says " +
			"authorization_pending. That is the normal answer while waiting: keep polling at the interval.",
		Fixes: []string{
			"Open the verification URI, enter the user code and approve; then poll again.",
			"Keep polling every interval seconds until the code expires; only slow_down changes the interval.",
		},
		Statuses:  []int{400},
		Reference: "RFC 8628 §3.5 (authorization_pending)",
	},
	{
		ID:    AccessDenied,
		Title: "The user declined the authorization",
		Explanation: "The person asked to approve (at the consent screen or the device verification page) refused, or a policy " +
			"refused for them. No token will come from this attempt.",
		Fixes: []string{
			"Start the flow again and approve it; check that the account may use this application.",
			"Ask for fewer scopes if the consent screen asked for more than the user would grant.",
		},
		Statuses:  []int{400, 403},
		Reference: "RFC 6749 §4.1.2.1 (access_denied); RFC 8628 §3.5",
	},
}
