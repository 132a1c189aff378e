package diagnose

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

// CleartextCredentials is not in the original table: credentials sent over
// plain http to another machine. Its remedy is use_https.
const CleartextCredentials CauseID = "cleartext_credentials"

// guide names the 401 guide the catalog is based on, for references.
const guide = "401 guide"

var catalog = append([]Cause{
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
	{
		ID:    CORSCredentials,
		Title: "Browser refused credentials across origins",
		Explanation: "Browsers drop cookies from cross-origin requests unless asked to include them, and refuse the answer unless the " +
			"server echoes the exact Origin, sends Access-Control-Allow-Credentials: true, and (for Authorization) lists it in " +
			"Access-Control-Allow-Headers. A wildcard `*` origin is not allowed with credentials; the preflight OPTIONS carries no credentials.",
		Fixes: []string{
			"Client: ask the browser to include credentials:\nfetch(\"https://api.example.com/data\", { credentials: \"include\", headers: { Authorization: `Bearer ${token}` } })",
			"Server: answer with Access-Control-Allow-Origin: <the request's Origin> (not *), Access-Control-Allow-Credentials: true, Access-Control-Allow-Headers: Authorization.",
			"Server: let OPTIONS preflights through without authentication.",
		},
		Reference: guide + ": include credentials for CORS requests; Fetch standard, CORS protocol",
	},
	{
		ID:    RedirectDroppedAuth,
		Title: "A redirect to another origin dropped credentials",
		Explanation: "Clients strip Authorization when a redirect leads to another host (curl also when the scheme or port " +
			"changes), so a secret is never handed to a site it was not meant for. authlens leaves every credential behind on a " +
			"change of scheme, host or port: Authorization, cookies, API keys and other secret headers, a key in the query, and " +
			"it answers no challenge from there. The final server then sees no credentials.",
		Fixes: []string{
			"Send the request to the final URL directly (fix http→https, host or trailing-slash redirects at the source).",
			"If you trust the target host, resend there with the header (curl --location-trusted does that).",
		},
		Statuses:  []int{401, 403},
		Reference: "RFC 9110 §15.4 (redirects); curl --location-trusted; Go net/http redirect policy",
		Remedy:    RemedyResendToFinalURL,
	},
	{
		ID:    AuthHiddenAs404,
		Title: "Private resource answers 404 without credentials",
		Explanation: "Some services answer 404 instead of 401 or 403 to callers who may not see a resource, so that its existence is " +
			"not revealed (GitHub does this for private repositories). The path can be right; the credentials are missing.",
		Fixes: []string{
			"Send credentials and retry:\ncurl -H \"Authorization: Bearer $TOKEN\" URL",
			"Check the token has access to the resource (repository, organisation, project).",
		},
		Statuses:  []int{404},
		Reference: "RFC 9110 §15.5.4 and §15.5.5 (a server may hide a forbidden resource as 404); 404 guide",
		Remedy:    RemedyAddCredentials,
	},
	{
		ID:    NotFound,
		Title: "Resource not found",
		Explanation: "The server has nothing at this path, or not for this method: a typo, a wrong base URL or API version, an id " +
			"that does not exist, or a missing or extra trailing slash.",
		Fixes: []string{
			"Compare the URL with the API reference: base URL, version prefix (/v1), path, and id.",
			"Try the parent path or a list endpoint to see what exists.",
		},
		Statuses:  []int{404, 410},
		Reference: "RFC 9110 §15.5.5; 404 guide",
	},
	{
		ID:    RateLimited,
		Title: "Rate limit reached",
		Explanation: "The server counts requests per client, key or IP and this one went over the allowance. It tells you when to " +
			"come back with Retry-After or RateLimit/X-RateLimit headers; retrying sooner only prolongs the block.",
		Fixes: []string{
			"Wait for the time in Retry-After (or until the reset time), then retry.",
			"Back off exponentially with jitter on repeated 429s; batch, cache, and send fewer requests.",
			"Check the limits of your plan or key; authenticated requests often get a larger allowance.",
		},
		Statuses:  []int{429, 403},
		Reference: "RFC 6585 §4; RFC 9110 §10.2.3 (Retry-After); 429 guide",
		Remedy:    RemedyRetryAfter,
	},
	{
		ID:    ServerError,
		Title: "Server-side failure",
		Explanation: "The server hit an error of its own — an exception, a bad deploy, a failing database. The request may be fine; " +
			"the same one may work later. It is also the server's fault when its answer breaks HTTP: a header with control " +
			"characters, a missing status line, or another kind of service listening on the port.",
		Fixes: []string{
			"Retry once later; if it persists, send the request id (X-Request-Id and similar headers) to the service owner.",
			"If you own the server, read its logs at the time of the request.",
			"Check your body against the API schema: some servers answer 500 to input they fail to validate.",
		},
		Statuses:  []int{500, 501, 505},
		Reference: "RFC 9110 §15.6.1; RFC 9112 §4, §5 (status line and header syntax); 500 guide",
	},
	{
		ID:    UpstreamUnavailable,
		Title: "Gateway or upstream unavailable",
		Explanation: "A proxy, load balancer or CDN answered because the application behind it did not: it was down (502, 503), " +
			"overloaded, in maintenance, or too slow (504).",
		Fixes: []string{
			"Retry after a pause (honour Retry-After if present).",
			"Check the service's status page; if you run it, check that the upstream is running and healthy.",
		},
		Statuses:  []int{502, 503, 504},
		Reference: "RFC 9110 §15.6.3, §15.6.4, §15.6.5",
		Remedy:    RemedyRetryAfter,
	},
	{
		ID:    ProxyAuthRequired,
		Title: "The proxy wants credentials",
		Explanation: "407 comes from a proxy between you and the server, not from the server itself. The proxy names its scheme in " +
			"Proxy-Authenticate and expects Proxy-Authorization; the origin's Authorization header does not count.",
		Fixes: []string{
			"Give the proxy its own credentials (Proxy-Authorization):\ncurl -x http://proxy:3128 -U user:password URL",
			"Or put them in the proxy URL:\nHTTPS_PROXY=http://user:password@proxy:3128 curl URL",
		},
		Statuses:  []int{407},
		Reference: "RFC 9110 §15.5.8, §11.7.1",
	},
	{
		ID:    CleartextCredentials,
		Title: "Credentials sent over plain http",
		Explanation: "The request carried a credential over unencrypted http to another machine, where anyone on the path can read " +
			"and replay it. Many APIs also refuse or redirect plain http, and a redirect to https drops the Authorization header.",
		Fixes: []string{
			"Use https:// in the URL:\ncurl -H \"Authorization: Bearer $TOKEN\" https://HOST/PATH",
			"Treat the credential as exposed: rotate it if it crossed an untrusted network.",
		},
		Reference: "RFC 6750 §5.3 (always use TLS); RFC 7617 §4; RFC 9110 §17.2",
		Remedy:    RemedyUseHTTPS,
	},
	{
		ID:          DNSFailure,
		Title:       "Host name does not resolve",
		Explanation: "The name in the URL could not be turned into an address, so no request was sent: a typo, a missing VPN or a private DNS zone.",
		Fixes: []string{
			"Check the host name for typos, and whether it resolves:\ndig +short HOST",
			"Connect the VPN or use the network where the host is visible.",
		},
		Reference: "no HTTP response: name resolution failed (RFC 1035)",
	},
	{
		ID:          ConnectionRefused,
		Title:       "Connection refused",
		Explanation: "The host answered but nothing listens on that port, or a firewall rejected the connection. No HTTP was exchanged.",
		Fixes: []string{
			"Check the port and the scheme (http vs https) in the URL.",
			"Make sure the server is running; verbose curl shows where it stops:\ncurl -v URL",
		},
		Reference: "no HTTP response: TCP connection refused",
	},
	{
		ID:          TLSCertificate,
		Title:       "TLS certificate not trusted",
		Explanation: "The TLS handshake failed: the certificate expired, is self-signed or from an unknown authority, or does not name this host.",
		Fixes: []string{
			"Check the certificate:\nopenssl s_client -connect HOST:443 -servername HOST",
			"Use the exact host name the certificate covers; install the internal CA if it is a private one.",
			"Only for a test server you control, skip verification:\ncurl -k URL",
		},
		Reference: "RFC 8446; RFC 5280; RFC 9525",
		Remedy:    "",
	},
	{
		ID:          Timeout,
		Title:       "Request timed out",
		Explanation: "No complete answer arrived in time: the server is slow or unreachable, or a firewall silently drops the packets.",
		Fixes: []string{
			"Retry with a longer limit to see whether it is slow or unreachable:\ncurl -m 60 URL",
			"Check that the host and port are reachable from this network.",
		},
		Reference: "no HTTP response: client deadline exceeded",
	},
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
}, clientCertCauses...)

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

// isNetworkCause reports the causes where no HTTP response arrives.
func isNetworkCause(id CauseID) bool {
	switch id {
	case DNSFailure, ConnectionRefused, TLSCertificate, Timeout:
		return true
	}
	return false
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
