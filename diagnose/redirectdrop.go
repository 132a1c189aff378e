package diagnose

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlens/authlens/request"
)

// A redirect to another origin left the credentials behind.
const (
	RedirectDroppedAuth CauseID = "redirect_dropped_auth"
)

var redirectDropCauses = []Cause{
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
}

// redirectDropped finds the hop where credentials were left behind
// because the redirect changed origin. Hops recorded before they named
// what they dropped only say whether Authorization went out.
func (d *diagnosis) redirectDropped() bool {
	f := d.f
	last, named := -1, false
	for i, h := range f.x.Redirects {
		if len(droppedCredentials(h)) > 0 {
			last, named = i, true
		}
	}
	if last < 0 && !f.authzSent {
		for i, h := range f.x.Redirects {
			if h.AuthSent {
				last = i
			}
		}
	}
	if last < 0 {
		return false
	}
	h := f.x.Redirects[last]
	why := "redirect"
	from, errA := url.Parse(h.From)
	to, errB := url.Parse(h.To)
	if errA == nil && errB == nil {
		switch {
		case !strings.EqualFold(from.Hostname(), to.Hostname()):
			why = "redirect to another host"
		case from.Scheme != to.Scheme:
			why = "redirect from " + from.Scheme + " to " + to.Scheme
		case from.Port() != to.Port():
			why = "redirect to another port"
		}
	}
	final := f.x.Request.URL
	var ev []string
	if named {
		names := droppedCredentials(h)
		for i, n := range names {
			if n == "Digest" {
				names[i] = "Digest (its challenge there was not answered)"
			}
		}
		what := strings.Join(names, ", ")
		host := h.To
		if errB == nil && to.Host != "" {
			host = to.Host
		}
		if n := len(h.SentCredentials); n > 0 {
			verb := "was"
			if n > 1 {
				verb = "were"
			}
			ev = append(ev, fmt.Sprintf("%s %s sent to %s", strings.Join(h.SentCredentials, ", "), verb, short(h.From)))
		}
		ev = append(ev,
			fmt.Sprintf("credentials were not sent to %s because the %d %s (%s) changed origin: %s", short(host), h.Status, why, short(h.To), what),
			fmt.Sprintf("the final request to %s carried none of them", short(final)))
	} else {
		ev = []string{
			fmt.Sprintf("Authorization was sent to %s", short(h.From)),
			fmt.Sprintf("the %d %s (%s) dropped it", h.Status, why, short(h.To)),
			fmt.Sprintf("the final request to %s carried no Authorization header", short(final)),
		}
	}
	d.add(RedirectDroppedAuth, certain, append(ev, d.challengeEvidence()...),
		&Remedy{Kind: RemedyResendToFinalURL, URL: final, Label: "send the request to " + short(final) + " directly"},
		"Send the request to "+short(final)+" directly, if that host is meant to get your credentials, so no redirect strips them.")
	return true
}

// droppedCredentials is what a hop left behind, less a hand-set Host,
// which is no credential.
func droppedCredentials(h request.Hop) []string {
	var out []string
	for _, n := range h.Dropped {
		if !strings.EqualFold(n, "Host") {
			out = append(out, n)
		}
	}
	return out
}
