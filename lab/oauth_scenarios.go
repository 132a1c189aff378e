package lab

import (
	"net/http"
	"net/url"
	"time"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
)

// Redirect is the loopback redirect URI the lab's scenarios use, as a
// native app would register it (RFC 8252 §7.3: any port is accepted).
const Redirect = "http://127.0.0.1:53682/callback"

// PKCE verifiers for the scenarios: 43 characters from RFC 7636's set.
const (
	labVerifier   = "lab-verifier-0123456789-abcdefghijklmnopqrstu"
	otherVerifier = "lab-verifier-9876543210-zyxwvutsrqponmlkjihgf"
)

func tokenRequest(base string, form url.Values) request.Request {
	return request.Request{Method: http.MethodPost, URL: base + "/oauth/token",
		Headers: []request.Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}, {Name: "Accept", Value: "application/json"}},
		Body:    form.Encode()}
}

func asApp(r request.Request) request.Request {
	r.Auth = request.Auth{Scheme: request.SchemeBasic, User: AppClient, Password: AppSecret}
	return r
}

func (l *Lab) oauthEntries(base string) []entry {
	codeForm := func(code, verifier string) url.Values {
		f := url.Values{"grant_type": {"authorization_code"}, "client_id": {CLIClient}, "code": {code}, "redirect_uri": {Redirect}}
		if verifier != "" {
			f.Set("code_verifier", verifier)
		}
		return f
	}
	deviceForm := func(code string) url.Values {
		return url.Values{"grant_type": {DeviceGrant}, "client_id": {CLIClient}, "device_code": {code}}
	}
	authorize := func(redirect string) request.Request {
		q := url.Values{"response_type": {"code"}, "client_id": {CLIClient}, "redirect_uri": {redirect},
			"code_challenge": {S256(labVerifier)}, "code_challenge_method": {"S256"}, "state": {"lab-state-1"}, "scope": {readScope}}
		return request.Request{Method: http.MethodGet, URL: base + "/oauth/authorize?" + q.Encode(), NoRedirects: true}
	}
	expired, _ := l.DeviceCode(CLIClient, -time.Minute, true, false)
	tooFast, _ := l.DeviceCode(CLIClient, deviceTTL, true, true)
	pending, _ := l.DeviceCode(CLIClient, deviceTTL, false, false)
	approved := func() string { d, _ := l.DeviceCode(CLIClient, deviceTTL, true, false); return d }
	cc := url.Values{"grant_type": {"client_credentials"}, "scope": {readScope}}
	ccBody := url.Values{"grant_type": {"client_credentials"}, "scope": {readScope}, "client_id": {AppClient}, "client_secret": {AppSecret}}
	refresh := func(tok string) url.Values {
		return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok}}
	}
	return []entry{
		{Scenario{
			ID: "client-secret-in-body", Cause: diagnose.ClientAuthMethod,
			Title: "Client secret sent in the body",
			Goal: "The token endpoint authenticates " + AppClient + " with HTTP Basic only (client_secret_basic), so the client_secret in the form body is not read. " +
				"Send the client id and secret as Basic credentials instead.",
			Request: tokenRequest(base, ccBody), Solution: asApp(tokenRequest(base, cc)),
		}, expected{401, 200}},
		{Scenario{
			ID: "pkce-verifier-mismatch", Cause: diagnose.PKCEMismatch,
			Title: "PKCE verifier does not match",
			Goal: "The code was issued for the S256 challenge of one code_verifier and this exchange sends another (a verifier from an earlier attempt). " +
				"Send the verifier generated with the authorization request that produced this code.",
			Request:  tokenRequest(base, codeForm(l.AuthorizationCode(CLIClient, Redirect, labVerifier), otherVerifier)),
			Solution: tokenRequest(base, codeForm(l.AuthorizationCode(CLIClient, Redirect, labVerifier), labVerifier)),
		}, expected{400, 200}},
		{Scenario{
			ID: "authorization-code-reused", Cause: diagnose.AuthorizationCodeInvalid,
			Title: "Authorization code used twice",
			Goal: "An authorization code is good for one exchange, and this one was already redeemed (a retry, or a second tab). " +
				"Run the authorization again for a new code; retrying this one never works.",
			Request:  tokenRequest(base, codeForm(l.UsedAuthorizationCode(CLIClient, Redirect, labVerifier), labVerifier)),
			Solution: tokenRequest(base, codeForm(l.AuthorizationCode(CLIClient, Redirect, labVerifier), labVerifier)),
		}, expected{400, 200}},
		{Scenario{
			ID: "redirect-uri-mismatch", Cause: diagnose.RedirectURIMismatch,
			Title: "Redirect URI not registered",
			Goal: "The authorization request names a redirect_uri the client never registered, so the server refuses to send the code there. " +
				"Use the registered loopback URI, http://127.0.0.1:<port>/callback.",
			Request: authorize("http://localhost:3000/auth/callback"), Solution: authorize(Redirect),
		}, expected{400, 302}},
		{Scenario{
			ID: "refresh-token-expired", Cause: diagnose.RefreshTokenInvalid,
			Title: "Dead refresh token",
			Goal: "The refresh token's session is over (it expired), so the token endpoint answers invalid_grant. " +
				"No retry brings it back: sign in again with a full grant to get a new refresh token.",
			Request: asApp(tokenRequest(base, refresh(l.ExpiredRefreshToken()))), Solution: asApp(tokenRequest(base, refresh(l.RefreshToken()))),
		}, expected{400, 200}},
		{Scenario{
			ID: "device-code-expired", Cause: diagnose.DeviceCodeExpired,
			Title: "Device code expired",
			Goal: "The device code lived for its expires_in and the user did not finish in time, so polling answers expired_token. " +
				"Start the device authorization again and show the new user code.",
			Request: tokenRequest(base, deviceForm(expired)), Solution: tokenRequest(base, deviceForm(approved())),
		}, expected{400, 200}},
		{Scenario{
			ID: "device-slow-down", Cause: diagnose.SlowDown,
			Title: "Device flow polled too fast",
			Goal: "The client polls the token endpoint sooner than the interval allows, so the server says slow_down and adds 5 seconds to the interval. " +
				"Wait the new interval before the next poll.",
			Request: tokenRequest(base, deviceForm(tooFast)), Solution: tokenRequest(base, deviceForm(approved())),
		}, expected{400, 200}},
		{Scenario{
			ID: "unsupported-grant-type", Cause: diagnose.UnsupportedGrantType,
			Title: "Grant type spelled short",
			Goal: "The device grant is named by a URN, and this poll sends grant_type=device_code, which the server does not know. " +
				"Send grant_type=" + DeviceGrant + ".",
			Request:  tokenRequest(base, url.Values{"grant_type": {"device_code"}, "client_id": {CLIClient}, "device_code": {approved()}}),
			Solution: tokenRequest(base, deviceForm(approved())),
		}, expected{400, 200}},
		{Scenario{
			ID: "unauthorized-client", Cause: diagnose.UnauthorizedClient,
			Title: "Client not allowed the grant",
			Goal: "The public client " + CLIClient + " is registered for the authorization code and device grants only, so it may not use client credentials. " +
				"Use the confidential client " + AppClient + " (HTTP Basic) for service calls.",
			Request:  tokenRequest(base, url.Values{"grant_type": {"client_credentials"}, "client_id": {CLIClient}}),
			Solution: asApp(tokenRequest(base, cc)),
		}, expected{400, 200}},
		{Scenario{
			ID: "invalid-scope", Cause: diagnose.InvalidScope,
			Title: "Scope the server does not define",
			Goal: "The token request asks for users:admin, which this authorization server does not define. " +
				"Ask for users:read (and users:write if needed), separated by a space.",
			Request:  asApp(tokenRequest(base, url.Values{"grant_type": {"client_credentials"}, "scope": {"users:admin"}})),
			Solution: asApp(tokenRequest(base, cc)),
		}, expected{400, 200}},
		{Scenario{
			ID: "device-authorization-pending", Cause: diagnose.AuthorizationPending,
			Title: "Device code not approved yet",
			Goal: "Nobody has entered this device's user code yet, so the poll says authorization_pending. " +
				"Approve it at " + base + "/device?user_code=<code> and poll again at the interval.",
			Request: tokenRequest(base, deviceForm(pending)), Solution: tokenRequest(base, deviceForm(approved())),
		}, expected{400, 200}},
		{Scenario{
			ID: "device-access-denied", Cause: diagnose.AccessDenied,
			Title: "The user declined",
			Goal: "The person at the verification page pressed deny, so no token will come for this device code. " +
				"Start the device authorization again and approve it.",
			Request: tokenRequest(base, deviceForm(l.DeniedDeviceCode(CLIClient))), Solution: tokenRequest(base, deviceForm(approved())),
		}, expected{400, 200}},
		{Scenario{
			ID: "rotated-signing-key", Cause: diagnose.SignatureMismatch,
			Title: "Signed with a rotated-out key",
			Goal: "The token's kid names a signing key the server has rotated out of its JWKS, so it cannot be verified. " +
				"Get a token signed with the current key (kid " + rsKID + ").",
			Request:  request.Request{Method: http.MethodGet, URL: base + "/api/users", Auth: request.Auth{Scheme: request.SchemeBearer, Token: l.RotatedKeyToken()}},
			Solution: request.Request{Method: http.MethodGet, URL: base + "/api/users", Auth: request.Auth{Scheme: request.SchemeBearer, Token: l.ValidToken()}},
		}, expected{401, 200}},
	}
}
