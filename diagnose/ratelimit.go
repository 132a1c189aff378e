package diagnose

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// RateLimit is what the response's rate-limit headers say.
type RateLimit struct {
	Wait      float64  // seconds to wait before retrying; -1 when no header says
	Limit     string   // allowance per window, as sent
	Remaining string   // requests left, as sent
	Evidence  []string // the headers that said so, quoted
}

// Exhausted reports a Remaining count of zero.
func (r RateLimit) Exhausted() bool { return strings.TrimSpace(r.Remaining) == "0" }

// ReadRateLimit reads Retry-After (seconds or an HTTP date), RateLimit-*
// and X-RateLimit-* from response headers. now is the server's clock (the
// Date header) or, failing that, the local one, for dates and epoch resets.
func ReadRateLimit(h http.Header, now time.Time) RateLimit {
	rl := RateLimit{Wait: -1}
	if v := headerGet(h, "Retry-After"); v != "" {
		rl.Evidence = append(rl.Evidence, "Retry-After: "+short(v))
		if w, ok := parseRetryAfter(v, now); ok {
			rl.Wait = w
		}
	}
	for _, name := range []string{"RateLimit-Limit", "X-RateLimit-Limit", "X-Ratelimit-Limit-Requests"} {
		if v := headerGet(h, name); v != "" && rl.Limit == "" {
			rl.Limit = v
			rl.Evidence = append(rl.Evidence, name+": "+short(v))
		}
	}
	for _, name := range []string{"RateLimit-Remaining", "X-RateLimit-Remaining", "X-Ratelimit-Remaining-Requests"} {
		if v := headerGet(h, name); v != "" && rl.Remaining == "" {
			rl.Remaining = v
			rl.Evidence = append(rl.Evidence, name+": "+short(v))
		}
	}
	// The structured RateLimit field (newer drafts): "default";r=0;t=30.
	if v := headerGet(h, "RateLimit"); v != "" {
		rl.Evidence = append(rl.Evidence, "RateLimit: "+short(v))
		for _, part := range strings.Split(v, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok {
				continue
			}
			switch k {
			case "r":
				if rl.Remaining == "" {
					rl.Remaining = val
				}
			case "t":
				if rl.Wait < 0 {
					if n, err := strconv.ParseFloat(val, 64); err == nil && n >= 0 && n < 1e9 {
						rl.Wait = n
					}
				}
			}
		}
	}
	for _, name := range []string{"RateLimit-Reset", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-Ratelimit-Reset-Requests"} {
		v := headerGet(h, name)
		if v == "" {
			continue
		}
		rl.Evidence = append(rl.Evidence, name+": "+short(v))
		if rl.Wait >= 0 {
			continue
		}
		if w, ok := parseReset(v, now); ok {
			rl.Wait = w
		}
	}
	return rl
}

func parseRetryAfter(v string, now time.Time) (float64, bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n < 0 || n > 1e9 || math.IsNaN(n) {
			return 0, false
		}
		return n, true
	}
	t, err := http.ParseTime(v)
	if err != nil || now.IsZero() {
		return 0, false
	}
	return math.Max(0, t.Sub(now).Seconds()), true
}

// parseReset takes delta seconds, a Unix time (GitHub), or a Go-style
// duration ("6m0s", OpenAI).
func parseReset(v string, now time.Time) (float64, bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(n) && n >= 0 {
		if n > 1e9 {
			if now.IsZero() || n > 1e11 {
				return 0, false
			}
			return math.Max(0, float64(int64(n)-now.Unix())), true
		}
		return n, true
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return d.Seconds(), true
	}
	return 0, false
}

// headerGet is http.Header.Get that also finds keys recorded without
// canonical case (JSON fixtures, HTTP/2 lower-case names).
func headerGet(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	if v := h[http.CanonicalHeaderKey(name)]; len(v) > 0 {
		return v[0]
	}
	if canonicalKeys(h) {
		return ""
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}

// headerValues gathers every value of name whatever the key's case, in a
// stable order.
func headerValues(h http.Header, name string) []string {
	var keys []string
	for k := range h {
		if strings.EqualFold(k, name) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 1 {
		return h[keys[0]]
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, h[k]...)
	}
	return out
}

// fmtWait renders seconds as a short duration: "30s", "2m5s".
func fmtWait(s float64) string {
	return fmtDur(time.Duration(s * float64(time.Second)))
}

// fmtDur renders a duration rounded to the second without zero units:
// "1h12m", "45s", "3d4h".
func fmtDur(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d < time.Second {
		return "0s"
	}
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	s := d / time.Second
	var b strings.Builder
	if days > 0 {
		fmt.Fprintf(&b, "%dd", days)
	}
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 && days == 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 && days == 0 && h == 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

// canonicalKeys reports whether every key is in canonical form, so a miss
// on the canonical name is a real miss. Header names are short, so the
// check is cheaper than a case-folding scan.
func canonicalKeys(h http.Header) bool {
	for k := range h {
		upper := true
		for i := 0; i < len(k); i++ {
			c := k[i]
			if upper && c >= 'a' && c <= 'z' || !upper && c >= 'A' && c <= 'Z' {
				return false
			}
			upper = c == '-'
		}
	}
	return true
}

// The server counts requests and this one was over.
const (
	RateLimited CauseID = "rate_limited"
)

var rateLimitCauses = []Cause{
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
}

func (d *diagnosis) rateLimited(conf float64) {
	f := d.f
	ev := []string{fmt.Sprintf("status %d", f.status)}
	ev = append(ev, f.rateLimit().Evidence...)
	ev = append(ev, d.bodyEvidence()...)
	var lead []string
	// Without a hint from the server, a short pause is the polite default.
	rem := &Remedy{Kind: RemedyRetryAfter, Wait: 5, Label: "wait 5s (the server gave no time) and resend"}
	if f.rateLimit().Wait >= 0 {
		rem.Wait = f.rateLimit().Wait
		rem.Label = "wait " + fmtWait(f.rateLimit().Wait) + " and resend"
		lead = append(lead, "Wait "+fmtWait(f.rateLimit().Wait)+" before the next request, as the server asks.")
		ev = append(ev, "retry in "+fmtWait(f.rateLimit().Wait))
	}
	d.add(RateLimited, conf, ev, rem, lead...)
}
