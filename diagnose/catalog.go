package diagnose

import "slices"

// Cause is one documented reason a request fails: what it means, why servers
// answer that way, and how to fix it.
type Cause struct {
	ID          CauseID    `json:"id"`
	Title       string     `json:"title"`
	Explanation string     `json:"explanation"`
	Fixes       []string   `json:"fixes"`
	Statuses    []int      `json:"statuses,omitempty"` // typical final status codes; empty when no response arrives
	Reference   string     `json:"reference"`
	Remedy      RemedyKind `json:"remedy,omitempty"` // the automatable fix, if any
}

// The refusals of a credential, and of a caller's rights.
const (
	MissingCredentials     CauseID = "missing_credentials"
	WrongScheme            CauseID = "wrong_scheme"
	MalformedAuthorization CauseID = "malformed_authorization"
	ExpiredToken           CauseID = "expired_token"
	ClockSkew              CauseID = "clock_skew"
	InvalidToken           CauseID = "invalid_token"
	InvalidAPIKey          CauseID = "invalid_api_key"
	InvalidCredentials     CauseID = "invalid_credentials"
	RevokedCredentials     CauseID = "revoked_credentials"
	SignatureMismatch      CauseID = "signature_mismatch"
	WrongAudience          CauseID = "wrong_audience"
	InsufficientScope      CauseID = "insufficient_scope"
	Forbidden              CauseID = "forbidden"
)

// guide names the 401 guide the catalog is based on, for references.
const guide = "401 guide"

var credentialCauses = []Cause{
	{
		ID:    MissingCredentials,
		Title: "No credentials were sent",
		Explanation: "The server only answers callers it can identify, and this request carried nothing it could use: " +
			"no Authorization header, no session cookie, no API key. A 401 here is the server asking who you are; " +
			"its WWW-Authenticate header names the scheme it expects.",
		Fixes: []string{
			"Attach credentials in the scheme the server challenges (WWW-Authenticate), usually a Bearer token:\n" +
				"curl -H \"Authorization: Bearer $TOKEN\" URL\n" +
				"fetch(url, { headers: { Authorization: `Bearer ${token}` } })",
			"If the token comes from a variable, check it is set: a header of `Bearer undefined` or `Bearer ` sends no credential at all.",
			"For cookie sessions, log in first and send the session cookie:\ncurl -b cookies.txt URL\nfetch(url, { credentials: \"include\" })",
		},
		Statuses:  []int{401, 403},
		Reference: guide + ": common causes (missing Authorization header, missing token or session cookie); RFC 9110 §11.6.1, §15.5.2",
		Remedy:    RemedyAddCredentials,
	},
	{
		ID:    WrongScheme,
		Title: "Wrong authentication scheme",
		Explanation: "Credentials were sent, but labelled with a scheme the server does not accept here — Basic where it wants Bearer, " +
			"or the reverse. Servers match the scheme word before they look at the secret, so even a good secret is refused.",
		Fixes: []string{
			"Use the scheme named in the WWW-Authenticate challenge.",
			"Bearer:\ncurl -H \"Authorization: Bearer $TOKEN\" URL\nfetch(url, { headers: { Authorization: `Bearer ${token}` } })",
			"Basic:\ncurl -u user:password URL\nfetch(url, { headers: { Authorization: \"Basic \" + btoa(\"user:password\") } })",
		},
		Statuses:  []int{401},
		Reference: guide + ": common causes (wrong authentication scheme); RFC 9110 §11.6.1",
		Remedy:    RemedySetScheme,
	},
	{
		ID:    MalformedAuthorization,
		Title: "Authorization header is malformed",
		Explanation: "The header is there but its shape is wrong, so the server cannot even read the credential: " +
			"a missing or doubled scheme word (`Bearer Bearer …`), quotes around the token, stray spaces or line breaks, " +
			"a Basic value that is not base64 of `user:password`, or the header name itself misspelled (Authorisation, Authentication).",
		Fixes: []string{
			"The header must be exactly `Authorization: <Scheme> <credential>` — one scheme word, one space, no quotes.",
			"Bearer: strip any `Bearer ` prefix already stored in the token before adding your own; trim whitespace and newlines.",
			"Basic: base64-encode `user:password`; curl and btoa do it for you:\ncurl -u user:password URL\nfetch(url, { headers: { Authorization: \"Basic \" + btoa(\"user:password\") } })",
			"Spell the header name the American way: Authorization.",
		},
		Statuses:  []int{401, 400},
		Reference: "RFC 9110 §11.6.2; RFC 6750 §2.1; RFC 7617 §2",
		Remedy:    RemedyNormalizeHeader,
	},
	{
		ID:    ExpiredToken,
		Title: "Token has expired",
		Explanation: "Access tokens are short-lived on purpose, so a stolen one is useless soon. Once the time in its `exp` claim " +
			"has passed, the server refuses it even though it was once valid.",
		Fixes: []string{
			"Get a new access token: use the refresh token (POST to the token endpoint with grant_type=refresh_token) or log in again.",
			"Refresh ahead of time: compare `exp` with the clock before sending, and retry once after refreshing on a 401.",
			"With curl:\ncurl -X POST \"$TOKEN_URL\" -d grant_type=refresh_token -d refresh_token=\"$REFRESH\" -d client_id=\"$CLIENT_ID\"",
		},
		Statuses:  []int{401},
		Reference: guide + ": refresh expired tokens; RFC 7519 §4.1.4; RFC 6750 §3.1",
		Remedy:    RemedyRefreshToken,
	},
	{
		ID:    ClockSkew,
		Title: "Client and server clocks disagree",
		Explanation: "The token's `nbf` (not before) or `iat` (issued at) lies in the future by the server's clock, or a signed " +
			"request's timestamp is too far from it. The issuer's, client's and server's clocks do not agree.",
		Fixes: []string{
			"Synchronise clocks with NTP on the machine that issues the token and on the one that checks it:\ntimedatectl set-ntp true",
			"Allow a small leeway (30–60 s) when validating nbf/iat/exp on the server.",
			"For signed requests (AWS SigV4), sign with the current UTC time.",
		},
		Statuses:  []int{401, 403},
		Reference: "RFC 7519 §4.1.5 (nbf), §4.1.6 (iat); " + guide + " FAQ",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    InvalidToken,
		Title: "Token was rejected as invalid",
		Explanation: "The server read the token but does not accept it: it is truncated, belongs to another environment, " +
			"was never issued by this server, or is simply wrong. RFC 6750 calls this `invalid_token`.",
		Fixes: []string{
			"Copy the token again from its source, whole, and check it is for this environment (staging vs production).",
			"Decode a JWT (e.g. jwt.io, or `cut -d. -f2 | base64 -d`) and check iss, aud and exp.",
			"Request a fresh token and resend:\ncurl -H \"Authorization: Bearer $NEW_TOKEN\" URL",
		},
		Statuses:  []int{401},
		Reference: guide + ": common causes (invalid bearer token); RFC 6750 §3.1",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    InvalidAPIKey,
		Title: "API key is invalid",
		Explanation: "An API key was sent but the service does not recognise it: mistyped, deleted, from another account or project, " +
			"or sent in the wrong header or parameter.",
		Fixes: []string{
			"Check the key in the provider's dashboard; regenerate it if in doubt.",
			"Send it where the API expects it — a key header, or Authorization for APIs that take keys as bearer tokens:\ncurl -H \"X-API-Key: $KEY\" URL\ncurl -H \"Authorization: Bearer $KEY\" URL",
			"Make sure test keys go to test endpoints and live keys to live ones.",
		},
		Statuses:  []int{401, 403, 400},
		Reference: guide + ": common causes (invalid API key)",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    InvalidCredentials,
		Title: "Wrong user name or password",
		Explanation: "The server decoded the user name and password (Basic, Digest or a login form) and they do not match an account. " +
			"It answers 401 again with the same challenge, inviting another try.",
		Fixes: []string{
			"Check the user name and password; watch for trailing spaces and keyboard layout.",
			"Quote the pair so the shell keeps special characters:\ncurl -u 'user:password' URL",
			"For Digest, let the client answer the challenge:\ncurl --digest -u 'user:password' URL",
		},
		Statuses:  []int{401, 400},
		Reference: "RFC 7617 (Basic), RFC 7616 (Digest); RFC 9110 §15.5.2",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    RevokedCredentials,
		Title: "Credentials were revoked",
		Explanation: "The credential was valid once, but the server or its owner withdrew it: a logout, a password change, " +
			"a security incident, or an admin disabling the key or account.",
		Fixes: []string{
			"Log in again or create a new token or key; a revoked one never comes back.",
			"If it keeps happening, check whether another client revokes tokens on logout or rotation (RFC 7009 revocation).",
		},
		Statuses:  []int{401},
		Reference: guide + ": common causes (credentials revoked by the server); RFC 7009",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    SignatureMismatch,
		Title: "Signature does not match",
		Explanation: "The server recomputed the signature and got a different one. For a JWT, it was signed with a different secret " +
			"or key than the server checks with (another environment, a rotated key, a `kid` it does not know). " +
			"For signed requests such as AWS SigV4, the secret, region, service, or the exact request that was signed differs.",
		Fixes: []string{
			"Use a token issued by the same issuer and key set the server trusts (check the `kid` against its JWKS).",
			"Make the signing secret identical on both sides; beware of trailing newlines in secrets.",
			"For SigV4, sign exactly what is sent (method, path, query, headers, body hash) with the right region and service; prefer the SDK, or:\ncurl --aws-sigv4 \"aws:amz:$REGION:$SERVICE\" --user \"$ACCESS_KEY:$SECRET_KEY\" URL",
		},
		Statuses:  []int{401, 403},
		Reference: guide + " FAQ (signature may not match); RFC 7515 §5.2; AWS Signature Version 4",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    WrongAudience,
		Title: "Token is for another audience or issuer",
		Explanation: "The token is genuine, but it was minted for a different API (`aud`) or by a different authority (`iss`) than " +
			"this server accepts. Servers check both so that a token for one service cannot be replayed at another.",
		Fixes: []string{
			"Request the token for this API: pass the right audience or resource when getting it (e.g. audience=, resource= or scope=api://…).",
			"Check the issuer URL exactly, including the trailing slash and realm or tenant.",
		},
		Statuses:  []int{401},
		Reference: guide + " FAQ (different audience/issuer); RFC 7519 §4.1.1, §4.1.3",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    InsufficientScope,
		Title: "Token lacks the required scope",
		Explanation: "The server knows who you are, and the token is valid, but it was granted fewer permissions (scopes) than this " +
			"operation needs. RFC 6750 says the server answers 403 with error=\"insufficient_scope\" and may name the scope needed.",
		Fixes: []string{
			"Request a new token that includes the scope the server names (scope=… in the authorization request).",
			"For personal access tokens, edit the token's permissions in the provider's settings.",
		},
		Statuses:  []int{403},
		Reference: "RFC 6750 §3.1 (insufficient_scope)",
		Remedy:    RemedySwitchCredentials,
	},
	{
		ID:    Forbidden,
		Title: "Authenticated, but not allowed",
		Explanation: "403 means the server accepted who you are and still refuses: your account, role or group has no right to this " +
			"resource or action. Unlike 401, sending the same credentials again will not help.",
		Fixes: []string{
			"Ask for the needed role or permission, or use an account that has it.",
			"Check resource-level rules: ownership, organisation membership, IP allow-lists, bucket or object policies.",
		},
		Statuses:  []int{403},
		Reference: guide + " FAQ (401 vs 403); RFC 9110 §15.5.4",
		Remedy:    RemedySwitchCredentials,
	},
}

// catalog is every documented cause, in the order Catalog lists them; each
// family keeps its causes beside the rules that find them.
var catalog = slices.Concat(credentialCauses, corsCauses, redirectDropCauses, notFoundCauses, rateLimitCauses,
	serverSideCauses, proxyAuthCauses, cleartextCauses, networkCauses, oauthCauses, clientCertCauses)

var catalogIndex = func() map[CauseID]int {
	m := make(map[CauseID]int, len(catalog))
	for i, c := range catalog {
		m[c.ID] = i
	}
	return m
}()

// Catalog returns every documented cause, in a stable order. The slice is a
// copy; changing it does not change the catalog.
func Catalog() []Cause {
	out := make([]Cause, len(catalog))
	for i, c := range catalog {
		out[i] = copyCause(c)
	}
	return out
}

// Lookup finds a cause by id.
func Lookup(id CauseID) (Cause, bool) {
	i, ok := catalogIndex[id]
	if !ok {
		return Cause{}, false
	}
	return copyCause(catalog[i]), true
}

// Explain lists the causes typical for a status code. Status 0 lists the
// causes where no response arrived.
func Explain(status int) []Cause {
	var out []Cause
	for _, c := range catalog {
		if status == 0 && isNetworkCause(c.ID) {
			out = append(out, copyCause(c))
			continue
		}
		for _, s := range c.Statuses {
			if s == status {
				out = append(out, copyCause(c))
				break
			}
		}
	}
	return out
}

func copyCause(c Cause) Cause {
	c.Fixes = append([]string(nil), c.Fixes...)
	c.Statuses = append([]int(nil), c.Statuses...)
	return c
}

// cause returns the catalog entry for id; ids used by rules always exist.
func cause(id CauseID) *Cause {
	if i, ok := catalogIndex[id]; ok {
		return &catalog[i]
	}
	return &Cause{ID: id, Title: string(id)}
}
