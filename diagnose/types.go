// Package diagnose maps an Exchange to the documented causes of its failure,
// with the evidence, the fixes and, where it can be automated, a remedy. It
// does no IO.
package diagnose

import "github.com/authlens/authlens/request"

// CauseID is a stable catalog id; users and tests rely on it.
type CauseID string

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
	RemedyMoveAPIKey        RemedyKind = "move_api_key"       // from the query string to a header
	RemedyMoveClientSecret  RemedyKind = "move_client_secret" // between the form body and HTTP Basic
	RemedySetFormField      RemedyKind = "set_form_field"     // one field of a form body: grant_type spelled right
	RemedyRunFlow           RemedyKind = "run_flow"           // run the OAuth 2 grant again: a new code, device code or sign-in
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
	Field  string         `json:"field,omitempty"`  // set_form_field: the field's name
	Value  string         `json:"value,omitempty"`  // set_form_field: its new value
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
