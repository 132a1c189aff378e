// Package diagnose maps an Exchange to the documented causes of its failure,
// with the evidence, the fixes and, where it can be automated, a remedy. It
// does no IO.
package diagnose

import "github.com/authlens/authlens/request"

// CauseID is a stable catalog id; users and tests rely on it.
type CauseID string

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
	CORSCredentials        CauseID = "cors_credentials"
	RedirectDroppedAuth    CauseID = "redirect_dropped_auth"
	AuthHiddenAs404        CauseID = "auth_hidden_as_404"
	NotFound               CauseID = "not_found"
	RateLimited            CauseID = "rate_limited"
	ServerError            CauseID = "server_error"
	UpstreamUnavailable    CauseID = "upstream_unavailable"
	ProxyAuthRequired      CauseID = "proxy_auth_required"
	DNSFailure             CauseID = "dns_failure"
	ConnectionRefused      CauseID = "connection_refused"
	TLSCertificate         CauseID = "tls_certificate"
	Timeout                CauseID = "timeout"
)

// RemedyKind names a machine-applicable fix.
type RemedyKind string

const (
	RemedySetScheme         RemedyKind = "set_scheme"
	RemedyAddCredentials    RemedyKind = "add_credentials"
	RemedyNormalizeHeader   RemedyKind = "normalize_header"
	RemedyRefreshToken      RemedyKind = "refresh_token"
	RemedyRetryAfter        RemedyKind = "retry_after"
	RemedyResendToFinalURL  RemedyKind = "resend_to_final_url"
	RemedyUseHTTPS          RemedyKind = "use_https"
	RemedySwitchCredentials RemedyKind = "switch_credentials"
	RemedyMoveAPIKey        RemedyKind = "move_api_key" // from the query string to a header
)

// Remedy is a patch to the request that should fix the finding. Apply turns
// it into a new request.
type Remedy struct {
	Kind   RemedyKind     `json:"kind"`
	Scheme request.Scheme `json:"scheme,omitempty"` // set_scheme, add_credentials
	URL    string         `json:"url,omitempty"`    // resend_to_final_url, use_https
	Wait   float64        `json:"wait_s,omitempty"` // retry_after, in seconds
	Header string         `json:"header,omitempty"` // move_api_key: the header the key belongs in
	Scope  string         `json:"scope,omitempty"`  // switch_credentials: scopes the new token needs (space: all of; comma: any of)
	// OtherCaller (switch_credentials) wants a credential of another
	// caller: a token re-issued to the same subject with the same scopes
	// would be refused the same way.
	OtherCaller bool   `json:"-"`
	Label       string `json:"label"` // one line for the UI: "add Bearer credentials and resend"
}

// Finding is one diagnosed cause with what shows it and how to fix it.
type Finding struct {
	Cause      CauseID  `json:"cause"`
	Title      string   `json:"title"`
	Confidence float64  `json:"confidence"`
	Evidence   []string `json:"evidence"`
	Fixes      []string `json:"fixes"`
	Remedy     *Remedy  `json:"remedy,omitempty"`
	// Layer names the gateway, CDN or proxy that answered in place of the
	// application ("AWS API Gateway"), when its headers or body show it;
	// the fixes then start with the ones for that layer.
	Layer string `json:"layer,omitempty"`
}

// Report is the diagnosis of one exchange, findings ranked by confidence.
type Report struct {
	Status   int       `json:"status"`
	OK       bool      `json:"ok"`
	Summary  string    `json:"summary"` // one line: "401: no credentials were sent"
	Findings []Finding `json:"findings"`
}

// Top is the most likely finding, if any.
func (r Report) Top() (Finding, bool) {
	if len(r.Findings) == 0 {
		return Finding{}, false
	}
	return r.Findings[0], true
}

// Delta explains what changed between two attempts and what that did.
type Delta struct {
	Changes []string `json:"changes"` // "added Authorization: Bearer ey…"
	Verdict string   `json:"verdict"` // "401 → 200: the server accepted the Bearer token"
}
