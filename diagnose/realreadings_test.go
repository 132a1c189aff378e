package diagnose

import (
	"os"
	"testing"
)

// Each reading the engine does is held to at least one exchange recorded
// from real server software (testdata/realworld), so a change that breaks
// the reading shows here by name, not only as a point of accuracy.
func TestReadingsOnRealExchanges(t *testing.T) {
	tests := []struct {
		reading, fixture string
		want             CauseID
	}{
		{"message in an Express development page's <pre>", "express-jwt/dev-revoked", RevokedCredentials},
		{"message in a Werkzeug debugger page", "werkzeug/debug-db-down-500", ServerError},
		{"message in a Django debug page's exception_value", "django-rest-framework/cache-down-debug", ServerError},
		{"Tomcat page's <p><b>Message</b>", "tomcat10/basic-not-base64", MalformedAuthorization},
		{"stock Apache 401 text is not read as a password complaint", "apache2/basic-bearer-sent", WrongScheme},
		{"FastAPI answers 403 for no credential", "fastapi/bearer-missing", MissingCredentials},
		{"FastAPI answers 403 for an unknown API key", "fastapi/apikey-invalid", InvalidAPIKey},
		{"DRF answers 403 for no credential", "django-rest-framework/session-missing-403", MissingCredentials},
		{"a 401 whose words are about rights", "django-rest-framework/admin-forbidden", Forbidden},
		{"a Basic value that is not base64", "echo/basic-not-base64", MalformedAuthorization},
		{"an empty Bearer is a missing token, whatever the server calls it", "echo/jwt-bearer-empty", MissingCredentials},
		{"a JWT sent under the scheme Token", "echo/jwt-token-scheme", WrongScheme},
		{"Basic sent to a server whose words are about a token", "echo/jwt-basic-sent", WrongScheme},
		{"a camelCase code split into words", "fastify/jwt-expired", ExpiredToken},
		{"an unsigned token judged by its own header", "fastify/jwt-alg-none", InvalidToken},
		{"a proxy's 500 that could not reach its upstream", "express-http-proxy/upstream-refused", UpstreamUnavailable},
		{"a redirect that lands on a sign-in form", "sessions/dashboard-no-cookie-followed", MissingCredentials},
		{"a login form answered again with a password error", "django-axes/login-wrong-1", InvalidCredentials},
		{"a 403 to a lone API key", "nginx/api-key-wrong", InvalidAPIKey},
		{"a 404 whose path names a private area", "nginx/hidden-404-no-credentials", AuthHiddenAs404},
		{"a bare refusal of an HS256 token with no key id", "echo/jwt-other-secret", SignatureMismatch},
		{"the root cause at the end of an error chain", "jwks/hs256-token", InvalidToken},
		{"gorilla securecookie's HMAC failure", "sessions/me-tampered", SignatureMismatch},
		{"a webhook's HMAC signature header", "stdmw/webhook-wrong-secret", SignatureMismatch},
		{"a 401 a forward proxy wrote about itself", "tinyproxy/proxy-wrong-password", ProxyAuthRequired},
		{"a signed cookie refused seconds after it was signed", "tornado/cookie-other-secret", SignatureMismatch},
		{"a signed cookie past the framework's max age", "tornado/cookie-too-old", ExpiredToken},
		{"a token in Flask-Security's own header", "flask-security/token-garbage", InvalidToken},
		{"'Unauthorized' in a 403 to a caller who sent nothing", "pyramid/site-missing-403", MissingCredentials},
		{"a page-set Authorization is not a credentialed fetch", "express-cors/open-preflight-authorization", ""},
		{"a placeholder token is a missing one", "nestjs/api-bearer-undefined", MissingCredentials},
		{"'verification failure' for a Bearer value that is no JWT", "hono/jwt-not-a-jwt", InvalidToken},
		{"a JWT whose payload does not decode, whatever the server says of its signature", "restify/jwt-corrupt", InvalidToken},
		{"a 405 is a route that does not take the method, not a refusal", "restify/wrong-method", NotFound},
	}
	byName := map[string]realFixture{}
	if _, err := os.Stat(realworldDir); err == nil {
		for _, f := range loadRealWorld(t) {
			byName[f.Name] = f
		}
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			fx, ok := byName[tt.fixture]
			if !ok {
				t.Skip("not recorded here")
			}
			if fx.Expect.Cause != tt.want {
				t.Fatalf("the recording expects %q, the table %q", fx.Expect.Cause, tt.want)
			}
			r := Diagnose(fx.Exchange)
			if tt.want == "" {
				if !r.OK {
					t.Errorf("%s: judged failing (%s)", tt.reading, r.Summary)
				}
				return
			}
			if top, _ := r.Top(); top.Cause != tt.want {
				t.Errorf("%s: top %s, want %s (%s)", tt.reading, top.Cause, tt.want, r.Summary)
			}
		})
	}
}
