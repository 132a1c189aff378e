package diagnose

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The status is a prior: the words and what was sent can overturn it.
func TestStatusPriors(t *testing.T) {
	good := "Authorization: Bearer " + mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(time.Hour)}, "")
	expired := "Authorization: Bearer " + mkJWT(jwt.MapClaims{"sub": "a", "exp": unix(-time.Hour)}, "")
	tests := []struct {
		name   string
		status int
		req    []string
		body   string
		www    string
		want   CauseID
	}{
		// Starlette's HTTPBearer and APIKeyHeader answer 403 for no credential.
		{"fastapi 403 nothing sent", 403, nil, `{"detail":"Not authenticated"}`, "", MissingCredentials},
		{"fastapi 403 key in another header", 403, []string{"X-Token: k_123456"}, `{"detail":"Not authenticated"}`, "", MissingCredentials},
		// Django REST framework with session auth answers 403.
		{"drf 403 nothing sent", 403, nil, `{"detail":"Authentication credentials were not provided."}`, "", MissingCredentials},
		{"drf 403 bad token", 403, []string{good}, `{"detail":"Invalid token."}`, "", InvalidToken},
		{"drf 403 permission", 403, []string{good}, `{"detail":"You do not have permission to perform this action."}`, "", Forbidden},
		{"403 plain deny, nothing sent", 403, nil, "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>", "", Forbidden},
		{"starlette @requires, nothing sent", 403, nil, "Forbidden", "", MissingCredentials},
		// A 401 that is about rights.
		{"401 permission with a good token", 401, []string{good}, `{"message":"You are not allowed to delete this project"}`, "", Forbidden},
		{"401 permission with an expired token", 401, []string{expired}, `{"message":"You are not allowed to delete this project"}`, "", ExpiredToken},
		{"401 permission but the challenge names an error", 401, []string{good}, `{"message":"access denied"}`, `Bearer error="invalid_token"`, InvalidToken},
		// A scope named in the challenge, with words about permissions.
		{"scope without error code", 403, []string{good}, `{"message":"You do not have permission for this resource"}`, `Bearer realm="api", scope="orders:write"`, InsufficientScope},
		// A Basic challenge on an API that reads Bearer tokens.
		{"basic challenge, token refused", 401, []string{good}, `{"error":"invalid token"}`, `Basic realm="api"`, InvalidToken},
		{"basic challenge, token expired", 401, []string{expired}, `{"error":"Unauthorized"}`, `Basic realm="api"`, ExpiredToken},
		{"basic challenge, nothing said", 401, []string{good}, `Unauthorized`, `Basic realm="api"`, WrongScheme},
		// The wrong prefix, no challenge to compare against.
		{"JWT prefix to express-jwt", 401, []string{"Authorization: JWT " + mkJWT(jwt.MapClaims{"sub": "a"}, "")}, `{"message":"Format is Authorization: Bearer [token]"}`, "", WrongScheme},
		{"Bearer with two words to express-jwt", 401, []string{"Authorization: Bearer abc def"}, `{"message":"Format is Authorization: Bearer [token]"}`, "", MalformedAuthorization},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := []string{"Content-Type: application/json"}
			if tt.www != "" {
				lines = append(lines, "WWW-Authenticate: "+tt.www)
			}
			r := Diagnose(exch(sent("GET", "http://127.0.0.1:8000/api/items", tt.req...), resp(tt.status, tt.body, lines...)))
			if top, _ := r.Top(); top.Cause != tt.want {
				t.Errorf("top %s, want %s; %s", top.Cause, tt.want, r.Summary)
				for _, f := range r.Findings {
					t.Logf("  %s %.2f %v", f.Cause, f.Confidence, f.Evidence)
				}
			}
		})
	}
}

// What is wrong with the request's own credential is read before the answer.
func TestCredentialShape(t *testing.T) {
	std := base64.StdEncoding.EncodeToString
	tests := []struct {
		name, authz, why string
		want             CauseID
	}{
		{"basic without padding", "Basic " + base64.RawStdEncoding.EncodeToString([]byte("alice:pw")), "padding", MalformedAuthorization},
		{"basic url-safe", "Basic " + base64.URLEncoding.EncodeToString([]byte("al?>ce:p~~w")), "URL-safe", MalformedAuthorization},
		{"basic no colon", "Basic " + std([]byte("alicepw")), "no ':'", MalformedAuthorization},
		{"basic not utf-8", "Basic " + std([]byte("al\xffce:pw")), "UTF-8", MalformedAuthorization},
		{"basic plain", "Basic alice:pw", "plain user:password", MalformedAuthorization},
		{"bearer undefined", "Bearer undefined", "placeholder", MissingCredentials},
		{"bearer object", "Bearer [object Object]", "placeholder", MissingCredentials},
		{"jwt cut short", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0", "2 dot-separated parts", InvalidToken},
		{"jwt broken payload", "Bearer eyJhbGciOiJIUzI1NiJ9.!!!.sig", "does not decode", InvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diagnose(exch(sent("GET", "http://127.0.0.1:8000/api", "Authorization: "+tt.authz), resp(401, "Unauthorized")))
			top, _ := r.Top()
			if top.Cause != tt.want || !containsSub(top.Evidence, tt.why) {
				t.Errorf("top %s %v; want %s with %q", top.Cause, top.Evidence, tt.want, tt.why)
			}
		})
	}
}
