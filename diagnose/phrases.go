package diagnose

import "strings"

// How sure a phrase makes a cause, by how precisely its words name it.
const (
	sayExact   = 0.92 // the words a library uses for exactly this cause
	sayNamed   = 0.90 // the text names the cause
	sayGeneral = 0.87 // the text points at the cause among a few
	sayVague   = 0.80 // a refusal whose words name no reason
	sayFaint   = 0.45 // a word that only hints
)

// Pseudo-causes of the table, resolved against what the request carried.
const (
	// refused: the credential sent was not accepted. A token refused is
	// invalid_token, a password invalid_credentials, a key invalid_api_key;
	// with nothing sent it is missing_credentials.
	refused CauseID = "(refused)"
	// absent: the server saw no credential. With nothing sent that is
	// missing_credentials; with something sent the server did not find it
	// where it looks.
	absent CauseID = "(absent)"
	// badHeader: the server calls the Authorization header bad without
	// saying how. A header whose shape is sound was read; its credential
	// was refused, or its scheme is not the one the server reads.
	badHeader CauseID = "(bad header)"
	// noCookie: the server looks for a session cookie and found none, so a
	// header sent instead is beside the point.
	noCookie CauseID = "(no cookie)"
)

// sentMask is what the request must have carried for a row to count.
type sentMask uint8

const (
	anyCred    sentMask = 0
	token      sentMask = 1 << iota // Authorization with a token scheme (Bearer, Token, JWT, …)
	password                        // Basic, Digest or a password in the body
	apiKey                          // an API key header or query parameter
	nothing                         // no usable credential
	authz                           // any Authorization header
	emptyAuthz                      // Authorization with a scheme and no usable credential
)

// phrase is one piece of knowledge: these words, from this software, mean
// this cause. Words match case-insensitively on word boundaries; "…" stands
// for up to three words; @name expands to each entry of phraseClasses.
// camelCase and snake_case codes split into words, so "token_expired" and
// "TokenExpiredError" read as "token expired".
type phrase struct {
	words  string
	cause  CauseID
	weight float64
	when   sentMask
	source string
}

// phraseClasses are the word groups rows share.
var phraseClasses = map[string][]string{
	"@bad": {"invalid", "incorrect", "wrong", "unknown", "bad", "unrecognized", "unrecognised", "malformed", "not valid", "does not exist", "not found", "rejected", "is not valid", "expired or invalid"},
	"@key": {"api key", "apikey", "subscription key", "access key", "app key", "application key", "developer key", "client key"},
}

// phrases is the table of what servers write and what it means. Adding a
// framework's wording is adding a row (and a recorded exchange that shows
// it), never a new code path.
var phrases = []phrase{
	// Clock skew: a token or signature judged too early or too late by clock.
	{"not yet valid", ClockSkew, sayNamed, anyCred, "PyJWT ImmatureSignatureError; golang-jwt ErrTokenNotValidYet"},
	{"not valid yet", ClockSkew, sayNamed, anyCred, "golang-jwt v5"},
	{"not active yet", ClockSkew, sayNamed, anyCred, "various JWT libraries"},
	{"jwt not active", ClockSkew, sayExact, anyCred, "jsonwebtoken NotBeforeError"},
	{"jwt inactive", ClockSkew, sayExact, anyCred, "fast-jwt FAST_JWT_INACTIVE"},
	{"will be active at", ClockSkew, sayExact, anyCred, "fast-jwt \"The token will be active at …\""},
	{"not yet active", ClockSkew, sayNamed, anyCred, "@hapi/jwt \"Token not yet active\""},
	{"not before", ClockSkew, sayGeneral, anyCred, "jsonwebtoken NotBeforeError; RFC 7519 nbf"},
	{"immature signature", ClockSkew, sayExact, anyCred, "PyJWT ImmatureSignatureError"},
	{"immature", ClockSkew, sayGeneral, anyCred, "PyJWT"},
	{"used before issued", ClockSkew, sayExact, anyCred, "golang-jwt v3/v4"},
	{"used before", ClockSkew, sayNamed, anyCred, "golang-jwt"},
	{"issued in the future", ClockSkew, sayExact, anyCred, "Nimbus JOSE, jose4j"},
	{"too far in the future", ClockSkew, sayNamed, anyCred, "various"},
	{"clock skew", ClockSkew, sayNamed, anyCred, "various"},
	{"clockskew", ClockSkew, sayNamed, anyCred, "various"},
	{"time skew", ClockSkew, sayNamed, anyCred, "various"},
	{"request time too skewed", ClockSkew, sayExact, anyCred, "AWS RequestTimeTooSkewed"},
	{"signature expired", ClockSkew, sayExact, anyCred, "AWS SigV4: a request signed too long ago"},
	{"is now earlier than", ClockSkew, sayExact, anyCred, "AWS SigV4"},
	{"nbf", ClockSkew, sayGeneral, anyCred, "RFC 7519 nbf claim"},
	{"iat", ClockSkew, sayGeneral, anyCred, "RFC 7519 iat claim"},

	// Expired tokens and sessions.
	{"expired", ExpiredToken, sayNamed, anyCred, "RFC 6750 §3.1 (\"The access token expired\") and most libraries"},
	{"token … expired", ExpiredToken, sayExact, anyCred, "golang-jwt \"token is expired\", flask-jwt-extended \"Token has expired\""},
	{"expired token", ExpiredToken, sayExact, anyCred, "AWS ExpiredToken, Keycloak"},
	{"expiredtoken", ExpiredToken, sayExact, anyCred, "AWS ExpiredTokenException"},
	{"jwt expired", ExpiredToken, sayExact, anyCred, "jsonwebtoken TokenExpiredError"},
	{"jwt is expired", ExpiredToken, sayExact, anyCred, "Envoy jwt_authn"},
	{"expired jwt", ExpiredToken, sayExact, anyCred, "jjwt ExpiredJwtException"},
	{"signature has expired", ExpiredToken, sayExact, anyCred, "PyJWT ExpiredSignatureError"},
	{"expired signature", ExpiredToken, sayExact, anyCred, "PyJWT ExpiredSignatureError"},
	{"session … expired", ExpiredToken, sayExact, anyCred, "session middleware"},
	{"session has ended", ExpiredToken, sayNamed, anyCred, "session middleware"},
	{"token is not active", ExpiredToken, sayNamed, anyCred, "RFC 7662 introspection active=false"},
	{"lifetime validation failed", ExpiredToken, sayExact, anyCred, "Microsoft IdentityModel IDX10223"},
	{"password expired", InvalidCredentials, sayGeneral, anyCred, "LDAP, Active Directory: the password, not a token"},
	{"password has expired", InvalidCredentials, sayGeneral, anyCred, "LDAP, Active Directory"},
	{"password is expired", InvalidCredentials, sayGeneral, anyCred, "LDAP, Active Directory"},

	// Revoked or disabled credentials.
	{"revoked", RevokedCredentials, sayExact, anyCred, "RFC 7009; express-jwt isRevoked; flask-jwt-extended"},
	{"blacklisted", RevokedCredentials, sayExact, anyCred, "djangorestframework-simplejwt \"Token is blacklisted\""},
	{"blocklisted", RevokedCredentials, sayExact, anyCred, "flask-jwt-extended blocklist"},
	{"denylisted", RevokedCredentials, sayExact, anyCred, "token deny lists"},
	{"invalidated", RevokedCredentials, sayNamed, anyCred, "session stores"},
	{"session … terminated", RevokedCredentials, sayNamed, anyCred, "session stores"},
	{"logged out", RevokedCredentials, sayNamed, anyCred, "session stores"},
	{"deactivated", RevokedCredentials, sayExact, anyCred, "identity providers"},
	{"suspended", RevokedCredentials, sayExact, anyCred, "identity providers"},
	{"account disabled", RevokedCredentials, sayExact, anyCred, "identity providers"},
	{"account is disabled", RevokedCredentials, sayExact, anyCred, "identity providers"},
	{"user is disabled", RevokedCredentials, sayExact, anyCred, "Keycloak"},
	{"user disabled", RevokedCredentials, sayExact, anyCred, "identity providers"},
	{"has been disabled", RevokedCredentials, sayExact, anyCred, "identity providers"},
	{"key is disabled", RevokedCredentials, sayExact, anyCred, "API gateways"},
	{"account inactive", RevokedCredentials, sayExact, anyCred, "Slack account_inactive"},
	{"user inactive", RevokedCredentials, sayExact, anyCred, "Django REST framework \"User inactive or deleted.\""},
	{"inactive or deleted", RevokedCredentials, sayExact, anyCred, "Django REST framework"},
	{"no longer valid", RevokedCredentials, sayExact, anyCred, "various"},
	{"has been deleted", RevokedCredentials, sayExact, anyCred, "various"},
	{"untrusted authorization token", RevokedCredentials, sayGeneral, anyCred, "@fastify/jwt trusted()"},

	// Signature and key problems.
	{"signature", SignatureMismatch, sayNamed, anyCred, "JOSE, RFC 7515"},
	{"invalid signature", SignatureMismatch, sayExact, anyCred, "jsonwebtoken, PyJWT InvalidSignatureError"},
	{"signature verification failed", SignatureMismatch, sayExact, anyCred, "PyJWT, flask-jwt-extended"},
	{"signature is invalid", SignatureMismatch, sayExact, anyCred, "golang-jwt ErrSignatureInvalid"},
	{"signature does not match", SignatureMismatch, sayExact, anyCred, "AWS SignatureDoesNotMatch"},
	{"signature mismatch", SignatureMismatch, sayExact, anyCred, "various"},
	{"bad signature", SignatureMismatch, sayExact, anyCred, "itsdangerous BadSignature"},
	{"hmac", SignatureMismatch, sayNamed, anyCred, "webhook signature checks"},
	{"signing method … invalid", InvalidToken, sayExact, token, "golang-jwt: an alg the server does not accept"},
	{"signature is required", InvalidToken, sayExact, token, "jsonwebtoken: an unsigned token"},
	{"unsigned", InvalidToken, sayExact, token, "fast-jwt FAST_JWT_MISSING_SIGNATURE"},
	{"jwt verification fails", SignatureMismatch, sayExact, anyCred, "Envoy jwt_authn"},
	{"no matching key", SignatureMismatch, sayNamed, anyCred, "JWKS clients"},
	{"signing key", SignatureMismatch, sayNamed, anyCred, "jwks-rsa \"Unable to find a signing key\""},
	{"unknown key", SignatureMismatch, sayNamed, anyCred, "JWKS clients"},
	{"key not found", SignatureMismatch, sayNamed, anyCred, "JWKS clients"},
	{"kid", SignatureMismatch, sayNamed, anyCred, "RFC 7515 kid header"},
	{"jwks", SignatureMismatch, sayNamed, anyCred, "RFC 7517"},
	{"key … rotated", SignatureMismatch, sayNamed, anyCred, "identity providers"},
	{"secret key", SignatureMismatch, sayGeneral, anyCred, "HS256 shared secrets"},

	// A token for another audience or from another issuer.
	{"audience", WrongAudience, sayNamed, anyCred, "RFC 7519 aud"},
	{"audiences", WrongAudience, sayNamed, anyCred, "RFC 7519 aud"},
	{"issuer", WrongAudience, sayNamed, anyCred, "RFC 7519 iss"},
	{"aud", WrongAudience, sayNamed, anyCred, "RFC 7519 aud"},
	{"iss", WrongAudience, sayNamed, anyCred, "RFC 7519 iss"},
	{"wrong tenant", WrongAudience, sayNamed, anyCred, "Azure AD"},
	{"audience invalid", WrongAudience, sayExact, anyCred, "jsonwebtoken \"jwt audience invalid\""},
	{"invalid audience", WrongAudience, sayExact, anyCred, "PyJWT InvalidAudienceError, golang-jwt"},
	{"issuer invalid", WrongAudience, sayExact, anyCred, "jsonwebtoken \"jwt issuer invalid\""},
	{"invalid issuer", WrongAudience, sayExact, anyCred, "PyJWT InvalidIssuerError, golang-jwt"},
	{"issuer mismatch", WrongAudience, sayExact, anyCred, "various"},
	{"unexpected iss", WrongAudience, sayExact, anyCred, "jose (panva) JWTClaimValidationFailed"},
	{"unexpected aud", WrongAudience, sayExact, anyCred, "jose (panva) JWTClaimValidationFailed"},
	{"jwt issuer is not configured", WrongAudience, sayExact, anyCred, "Envoy jwt_authn"},
	{"audiences in jwt are not allowed", WrongAudience, sayExact, anyCred, "Envoy jwt_authn"},
	{"no credentials found for given", WrongAudience, sayExact, anyCred, "Kong jwt plugin: no consumer for the token's iss"},
	{"not intended for", WrongAudience, sayGeneral, anyCred, "various"},

	// Scopes.
	{"insufficient scope", InsufficientScope, sayExact, anyCred, "RFC 6750 §3.1 insufficient_scope"},
	{"missing scope", InsufficientScope, sayExact, anyCred, "Slack missing_scope"},
	{"scope insufficient", InsufficientScope, sayExact, anyCred, "various"},
	{"insufficient authentication scopes", InsufficientScope, sayExact, anyCred, "Google APIs"},
	{"required scope", InsufficientScope, sayExact, anyCred, "various"},
	{"scopes required", InsufficientScope, sayExact, anyCred, "various"},
	{"not have the scope", InsufficientScope, sayExact, anyCred, "various"},
	{"resource not accessible by", InsufficientScope, sayExact, anyCred, "GitHub fine-grained tokens"},

	// API keys.
	{"@bad … @key", InvalidAPIKey, sayNamed, apiKey | token, "most API key checks"},
	{"@key … @bad", InvalidAPIKey, sayNamed, apiKey | token, "Google \"API key not valid\", Kong"},
	{"invalid access key id", InvalidAPIKey, sayNamed, anyCred, "AWS InvalidAccessKeyId"},
	{"invalid client token id", InvalidAPIKey, sayNamed, anyCred, "AWS InvalidClientTokenId"},
	{"security token included", InvalidAPIKey, sayNamed, anyCred, "AWS STS"},
	{"unrecognized client", InvalidAPIKey, sayNamed, anyCred, "AWS UnrecognizedClientException"},
	{"no api key found", absent, sayNamed, anyCred, "Kong key-auth"},
	{"missing api key", absent, sayNamed, anyCred, "various"},
	{"api key … required", absent, sayNamed, anyCred, "various"},
	{"api key … missing", absent, sayNamed, anyCred, "various"},
	{"api key … not provided", absent, sayNamed, anyCred, "various"},
	{"no api key", absent, sayNamed, anyCred, "various"},
	{"missing subscription key", absent, sayNamed, anyCred, "Azure API Management"},
	{"missing key", absent, sayNamed, anyCred, "Echo KeyAuth \"missing key in the query string\""},
	{"no key", absent, sayNamed, anyCred, "various"},

	// Passwords.
	{"password", InvalidCredentials, sayGeneral, password, "login forms, Basic"},
	{"username", InvalidCredentials, sayGeneral, password, "login forms, Basic"},
	{"user name", InvalidCredentials, sayGeneral, password, "login forms, Basic"},
	{"invalid grant", refused, sayGeneral, anyCred, "RFC 6749 §5.2 invalid_grant: the grant in the body (a password, a refresh token, a code)"},
	{"invalid client", InvalidCredentials, sayGeneral, anyCred, "RFC 6749 §5.2 invalid_client"},
	{"login failed", InvalidCredentials, sayGeneral, anyCred, "various"},
	{"user does not exist", InvalidCredentials, sayGeneral, anyCred, "Flask-Security \"Specified user does not exist\""},
	{"unknown user", InvalidCredentials, sayGeneral, anyCred, "various"},
	{"no such user", InvalidCredentials, sayGeneral, anyCred, "various"},
	{"user not found", InvalidCredentials, sayGeneral, anyCred, "various"},
	{"invalid user credentials", InvalidCredentials, sayGeneral, anyCred, "Keycloak"},
	{"invalid credentials", refused, sayGeneral, anyCred, "various"},
	{"wrong credentials", refused, sayGeneral, anyCred, "Apache httpd's 401 page"},
	{"incorrect credentials", refused, sayGeneral, anyCred, "various"},
	{"bad credentials", InvalidCredentials, sayGeneral, password, "Spring Security BadCredentialsException"},
	{"authentication failed", InvalidCredentials, sayGeneral, password, "various"},

	// A credential refused without a reason.
	{"bad credentials", refused, sayVague, token, "GitHub"},
	{"authentication failed", refused, sayVague, token | apiKey, "various"},
	{"incorrect authentication credentials", refused, sayVague, anyCred, "Django REST framework AuthenticationFailed"},
	{"invalid authentication credentials", refused, sayVague, anyCred, "FastAPI HTTPBearer, Kong"},
	{"invalid authentication", refused, sayVague, token, "various"},
	{"could not validate", refused, sayVague, token | apiKey, "FastAPI's OAuth2 and API key examples"},
	{"credentials … rejected", refused, sayGeneral, anyCred, "express-basic-auth custom responses"},
	{"unable to verify", refused, sayVague, token, "various"},
	{"unauthenticated", refused, sayVague, anyCred, "Laravel, gRPC UNAUTHENTICATED"},
	// The 401 reason phrase, only a hint: in a 403 to a caller who sent
	// nothing it says the refusal is about who is calling.
	{"unauthorized", refused, sayFaint, nothing, "Pyramid's default 403 page (\"Unauthorized: … failed permission check\"), frameworks that put the 401 phrase in a 403"},
	{"credentials … not accepted", refused, sayVague, anyCred, "various"},
	{"supply the correct credentials", refused, sayVague, anyCred, "Flask-Security's 401 to a token it does not accept"},
	{"access token is missing or invalid", refused, sayVague, anyCred, "Azure API Management validate-jwt"},
	{"doesn't allow unregistered callers", absent, sayNamed, anyCred, "Google Cloud Endpoints (ESPv2): no API key"},

	// Tokens that are not valid, with no more said.
	{"invalid token", InvalidToken, sayVague, token, "RFC 6750 §3.1 invalid_token"},
	{"token is invalid", InvalidToken, sayVague, token, "various"},
	{"token invalid", InvalidToken, sayVague, token, "various"},
	{"invalid access token", InvalidToken, sayVague, token, "various"},
	{"access token is invalid", InvalidToken, sayVague, token, "various"},
	{"invalid jwt", InvalidToken, sayVague, token, "various"},
	{"invalid bearer", InvalidToken, sayVague, token, "various"},
	{"token not valid", InvalidToken, sayVague, token, "djangorestframework-simplejwt"},
	{"token was not recognised", InvalidToken, sayVague, token, "various"},
	{"token was not recognized", InvalidToken, sayVague, token, "various"},
	{"bad token", InvalidToken, sayVague, token, "various"},
	{"invalid auth", InvalidToken, sayVague, token, "Slack invalid_auth"},
	{"invalid authentication token", InvalidToken, sayVague, token, "Microsoft Graph InvalidAuthenticationToken"},
	{"jwt malformed", InvalidToken, sayVague, token, "jsonwebtoken"},
	{"token is malformed", InvalidToken, sayVague, token, "golang-jwt ErrTokenMalformed"},
	{"not enough segments", InvalidToken, sayVague, token, "PyJWT DecodeError"},
	{"missing required claim", InvalidToken, sayGeneral, token, "golang-jwt ErrTokenRequiredClaimMissing"},
	{"claim is required", InvalidToken, sayGeneral, token, "golang-jwt, PyJWT MissingRequiredClaimError"},
	{"invalid claims", InvalidToken, sayGeneral, token, "golang-jwt ErrTokenInvalidClaims"},
	{"invalid or expired", InvalidToken, sayVague, token, "Echo and Fiber jwt middleware \"invalid or expired jwt\""},
	{"invalid or expired jwt", InvalidToken, sayVague, token, "Echo and Fiber jwt middleware"},
	{"invalid or expired token", InvalidToken, sayVague, token, "various"},

	// A scheme the server does not read.
	{"unsupported … scheme", WrongScheme, sayNamed, authz, "golang-jwt request extractors, various"},
	{"unsupported authorization", WrongScheme, sayNamed, authz, "various"},
	{"unknown authorization method", WrongScheme, sayNamed, authz, "aiohttp BasicAuth.decode"},
	{"unknown … scheme", WrongScheme, sayNamed, authz, "various"},
	{"invalid … scheme", WrongScheme, sayNamed, authz, "various"},
	{"scheme … not supported", WrongScheme, sayNamed, authz, "various"},
	{"wrong scheme", WrongScheme, sayNamed, authz, "various"},

	// The Authorization header's shape.
	{"header format", MalformedAuthorization, sayGeneral, authz, "various"},
	{"format is", MalformedAuthorization, sayGeneral, authz, "express-jwt \"Format is Authorization: Bearer [token]\""},
	{"expected format", MalformedAuthorization, sayGeneral, authz, "various"},
	{"malformed authorization", MalformedAuthorization, sayGeneral, authz, "various"},
	{"malformed auth", MalformedAuthorization, sayGeneral, authz, "various"},
	{"bad authorization header", badHeader, sayGeneral, authz, "flask-jwt-extended"},
	{"invalid authorization header", badHeader, sayGeneral, authz, "various"},
	{"authorization header … malformed", MalformedAuthorization, sayGeneral, authz, "various"},
	{"authorization header must", MalformedAuthorization, sayGeneral, authz, "various"},
	{"invalid token header", MalformedAuthorization, sayGeneral, authz, "Django REST framework TokenAuthentication"},
	{"invalid basic header", MalformedAuthorization, sayGeneral, authz, "Django REST framework BasicAuthentication"},
	{"not correctly base64 encoded", MalformedAuthorization, sayGeneral, authz, "Django REST framework"},
	{"should not contain spaces", MalformedAuthorization, sayGeneral, authz, "Django REST framework"},
	{"missing or malformed", MalformedAuthorization, sayGeneral, authz, "Echo and Fiber jwt middleware"},
	{"malformed", MalformedAuthorization, sayGeneral, emptyAuthz, "golang-jwt \"token is malformed\" for a header with no token"},
	{"could not parse", MalformedAuthorization, sayGeneral, emptyAuthz, "aiohttp BasicAuth.decode"},
	{"header is invalid", badHeader, sayGeneral, authz, "gin-jwt \"auth header is invalid\""},
	{"token is empty", MalformedAuthorization, sayGeneral, emptyAuthz, "falcon-auth"},
	{"invalid number of segments", MalformedAuthorization, sayGeneral, emptyAuthz, "golang-jwt"},
	{"invalid number of segments", InvalidToken, sayGeneral, token, "golang-jwt: the token is no JWT"},
	{"could not parse", MalformedAuthorization, sayGeneral, authz, "aiohttp BasicAuth.decode"},
	{"could not parse the token", InvalidToken, sayGeneral, token, "go-jose via auth0/go-jwt-middleware"},
	{"must have three parts", InvalidToken, sayGeneral, token, "go-jose compact JWS"},
	{"token verification", SignatureMismatch, sayGeneral, anyCred, "hug \"Provided Token verification credentials were invalid\""},
	{"missing or malformed", absent, sayNamed, nothing, "Echo and Fiber jwt middleware"},

	// No credential where the server looks.
	{"not provided", absent, sayNamed, anyCred, "Django REST framework NotAuthenticated"},
	{"were not provided", absent, sayNamed, anyCred, "Django REST framework"},
	{"not authenticated", absent, sayNamed, anyCred, "FastAPI/Starlette security, Django REST framework"},
	{"no token", absent, sayNamed, anyCred, "various"},
	{"missing token", absent, sayNamed, anyCred, "various"},
	{"no authorization", absent, sayNamed, anyCred, "express-jwt \"No authorization token was found\""},
	{"missing authorization", absent, sayNamed, anyCred, "flask-jwt-extended \"Missing Authorization Header\""},
	{"missing authentication", absent, sayNamed, anyCred, "hapi"},
	{"no credentials", absent, sayNamed, anyCred, "various"},
	{"credentials not found", absent, sayNamed, anyCred, "Spring AuthenticationCredentialsNotFoundException"},
	{"authentication is required", absent, sayNamed, anyCred, "Spring Security \"Full authentication is required\""},
	{"insufficient authentication", absent, sayNamed, anyCred, "Spring InsufficientAuthenticationException"},
	{"requires you to be authenticated", absent, sayNamed, anyCred, "various"},
	{"must be authenticated", absent, sayNamed, anyCred, "various"},
	{"login required", absent, sayNamed, anyCred, "various"},
	{"jwt is missing", absent, sayExact, anyCred, "Envoy jwt_authn"},
	{"not authed", absent, sayNamed, anyCred, "Slack not_authed"},
	{"log in", absent, sayGeneral, anyCred, "web apps"},
	{"login", absent, sayGeneral, anyCred, "web apps"},
	{"sign in", absent, sayGeneral, anyCred, "web apps"},
	{"anonymous", absent, sayGeneral, anyCred, "various"},
	{"missing", absent, sayFaint, anyCred, "various"},
	{"required", absent, sayFaint, anyCred, "various"},

	// Sessions read from a cookie.
	{"cookie token is empty", noCookie, sayNamed, anyCred, "gin-jwt TokenLookup cookie"},
	{"missing cookie", noCookie, sayNamed, anyCred, "various"},
	{"no cookie", noCookie, sayNamed, anyCred, "various"},
	{"cookie … not found", noCookie, sayNamed, anyCred, "various"},
	{"cookie … missing", noCookie, sayNamed, anyCred, "various"},
	{"no session", noCookie, sayGeneral, anyCred, "session middleware"},
	{"not signed in", noCookie, sayNamed, anyCred, "session middleware"},
	{"not logged in", noCookie, sayNamed, anyCred, "session middleware"},
	{"securecookie the value is not valid", SignatureMismatch, sayExact, anyCred, "gorilla/securecookie: the cookie's HMAC does not match"},

	{"bad formatted", badHeader, sayGeneral, authz, "@fastify/basic-auth \"Missing or bad formatted authorization header\""},

	// Too many attempts.
	{"too many … attempts", RateLimited, sayExact, anyCred, "django-axes, login throttles"},
	{"too many requests", RateLimited, sayExact, anyCred, "RFC 6585 429"},
	{"rate limit", RateLimited, sayNamed, anyCred, "various"},
	{"rate limited", RateLimited, sayNamed, anyCred, "various"},
	{"ratelimit", RateLimited, sayNamed, anyCred, "various"},
	{"quota exceeded", RateLimited, sayNamed, anyCred, "Google APIs, various"},
	{"throttled", RateLimited, sayNamed, anyCred, "various"},
	{"slow down", RateLimited, sayNamed, anyCred, "AWS S3 SlowDown"},
	{"slowdown", RateLimited, sayNamed, anyCred, "AWS S3 SlowDown"},
	{"reduce your request rate", RateLimited, sayExact, anyCred, "AWS S3"},
	{"throttling", RateLimited, sayNamed, anyCred, "AWS ThrottlingException"},
	{"throttle", RateLimited, sayNamed, anyCred, "various"},
	{"secondary rate", RateLimited, sayExact, anyCred, "GitHub secondary rate limits"},
	{"abuse detection", RateLimited, sayNamed, anyCred, "GitHub"},

	// A server that failed to reach the one behind it.
	{"econnrefused", UpstreamUnavailable, sayNamed, anyCred, "Node.js errno"},
	{"connection refused", UpstreamUnavailable, sayNamed, anyCred, "Go net, curl, proxies"},
	{"econnreset", UpstreamUnavailable, sayNamed, anyCred, "Node.js errno"},
	{"connection reset", UpstreamUnavailable, sayNamed, anyCred, "Go net, proxies"},
	{"etimedout", UpstreamUnavailable, sayNamed, anyCred, "Node.js errno"},
	{"enotfound", UpstreamUnavailable, sayNamed, anyCred, "Node.js getaddrinfo"},
	{"ehostunreach", UpstreamUnavailable, sayNamed, anyCred, "Node.js errno"},
	{"unable to connect", UpstreamUnavailable, sayNamed, anyCred, "tinyproxy, squid"},
	{"could not connect", UpstreamUnavailable, sayNamed, anyCred, "various proxies"},
	{"failed to connect", UpstreamUnavailable, sayNamed, anyCred, "various proxies"},
	{"no route to host", UpstreamUnavailable, sayNamed, anyCred, "Go net"},
	{"no such host", UpstreamUnavailable, sayNamed, anyCred, "Go net"},
	{"dial tcp", UpstreamUnavailable, sayNamed, anyCred, "Go net"},
	{"dial tcp4", UpstreamUnavailable, sayNamed, anyCred, "Go net"},
	{"dial tcp6", UpstreamUnavailable, sayNamed, anyCred, "Go net"},
	{"upstream connect error", UpstreamUnavailable, sayNamed, anyCred, "Envoy"},
	{"proxy error", UpstreamUnavailable, sayGeneral, anyCred, "Apache mod_proxy"},
	{"bad gateway", UpstreamUnavailable, sayGeneral, anyCred, "RFC 9110 502"},

	// An application's own dependency failing: its crash, not a gateway's
	// upstream.
	{"connection refused error", ServerError, sayExact, anyCred, "Python ConnectionRefusedError inside an application"},
	{"database", ServerError, sayExact, anyCred, "application debug pages"},
	{"redis", ServerError, sayExact, anyCred, "application debug pages"},
	{"postgres", ServerError, sayExact, anyCred, "application debug pages"},
	{"postgresql", ServerError, sayExact, anyCred, "application debug pages"},
	{"mysql", ServerError, sayExact, anyCred, "application debug pages"},
	{"mongodb", ServerError, sayExact, anyCred, "application debug pages"},
	{"memcached", ServerError, sayExact, anyCred, "application debug pages"},
	{"sqlalchemy", ServerError, sayExact, anyCred, "application debug pages"},
	{"psycopg2", ServerError, sayExact, anyCred, "application debug pages"},

	// Known caller, no permission.
	{"permission", Forbidden, sayGeneral, anyCred, "Django, DRF \"You do not have permission\", Apache httpd"},
	{"permissions", Forbidden, sayGeneral, anyCred, "various"},
	{"not allowed", Forbidden, sayGeneral, anyCred, "various"},
	{"not permitted", Forbidden, sayGeneral, anyCred, "various"},
	{"insufficient privileges", Forbidden, sayGeneral, anyCred, "various"},
	{"not authorized to", Forbidden, sayVague, anyCred, "AWS API Gateway \"User is not authorized to access this resource\""},
	{"cannot consume this service", Forbidden, sayGeneral, anyCred, "Kong ACL"},
	{"access denied", Forbidden, sayVague, anyCred, "many servers"},
	{"access is denied", Forbidden, sayVague, anyCred, "IIS"},
	{"admin rights", Forbidden, sayGeneral, anyCred, "GitHub"},
	{"role … required", Forbidden, sayGeneral, anyCred, "role checks"},
	{"requires … role", Forbidden, sayGeneral, anyCred, "role checks"},
	{"csrf", Forbidden, sayGeneral, anyCred, "Django CSRF protection"},
}

// privatePathWords in a URL's path name an area a site may hide behind a
// 404 from callers without credentials (GitHub and GitLab do for private
// repositories; web servers are set up to).
var privatePathWords = map[string]bool{
	"private": true, "secret": true, "secrets": true, "internal": true, "confidential": true,
	"restricted": true, "protected": true, "admin": true, "staff": true,
}

// stockTexts are explanations servers print on every 401 or 403 whatever
// the cause; their words (Apache's "bad password") say nothing about this
// failure, so segments holding them are not read for phrases.
var stockTexts = []struct{ words, source string }{
	{"doesn't understand how to supply the credentials required", "Apache httpd and Werkzeug 401 pages"},
	{"does not understand how to supply the credentials required", "Werkzeug 401 page"},
	{"lacks valid authentication credentials for the target resource", "Tomcat 401 page (RFC 9110 §15.5.2)"},
	{"lacks valid authentication credentials for that resource", "Tomcat 401 page"},
	{"understood the request but refuses to authorize it", "Tomcat 403 page (RFC 9110 §15.5.4)"},
	{"request forbidden by administrative rules", "HAProxy's 403 page"},
	{"expired, revoked, malformed, or invalid for other reasons", "RFC 6750 §3.1 invalid_token description, as Authlib sends it"},
	{"is invalid, expired, revoked, does not match the redirection uri", "RFC 6749 §5.2 invalid_grant description, as go-oauth2 sends it"},
}

// stockText reports a segment that is one of the stock explanations.
func stockText(s string) bool {
	if len(s) < 40 {
		return false
	}
	l := strings.ToLower(s)
	for _, t := range stockTexts {
		if strings.Contains(l, t.words) {
			return true
		}
	}
	return false
}

// phraseRow is a table row with its classes expanded.
var phraseRows, phraseIx = func() ([]phrase, phraseIndex) {
	var rows []phrase
	for _, p := range phrases {
		rows = append(rows, expandClasses(p)...)
	}
	return rows, buildIndex(rows)
}()

func expandClasses(p phrase) []phrase {
	names := make([]string, 0, len(phraseClasses))
	for name := range phraseClasses {
		names = append(names, name)
	}
	sortStrings(names) // the same rows in the same order on every run
	for _, name := range names {
		alts := phraseClasses[name]
		if !strings.Contains(p.words, name) {
			continue
		}
		var out []phrase
		for _, a := range alts {
			q := p
			q.words = strings.Replace(p.words, name, a, 1)
			out = append(out, expandClasses(q)...)
		}
		return out
	}
	return []phrase{p}
}
