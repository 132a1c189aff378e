package diagnose

import "strings"

// A forward proxy wants credentials of its own.
const (
	ProxyAuthRequired CauseID = "proxy_auth_required"
)

var proxyAuthCauses = []Cause{
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
}

func (d *diagnosis) proxyAuth() {
	f := d.f
	var ev []string
	for _, v := range f.proxyChalRaw {
		ev = append(ev, "Proxy-Authenticate: "+short(v))
	}
	if len(ev) == 0 {
		ev = append(ev, "407 without a Proxy-Authenticate header")
	}
	var lead []string
	if f.proxyAuth {
		ev = append(ev, "Proxy-Authorization was sent but refused")
		// A proxy decodes Basic as an origin does: a value that does not
		// decode to user:password never reaches its password check.
		if scheme, cred, ok := strings.Cut(strings.TrimSpace(f.x.Request.Headers.Get("Proxy-Authorization")), " "); ok && strings.EqualFold(scheme, "basic") {
			if why := basicProblem(strings.TrimSpace(cred)); why != "" {
				ev = append(ev, "Proxy-Authorization: "+why)
				lead = append(lead, "Send Proxy-Authorization: Basic followed by the base64 of user:password (curl -U user:password does the encoding).")
			}
		}
	} else {
		ev = append(ev, "no Proxy-Authorization header was sent")
	}
	if f.x.Proxy != "" {
		ev = append(ev, "through proxy "+short(f.x.Proxy))
	}
	if f.authzSent {
		ev = append(ev, "the Authorization header is for the origin server; the proxy does not read it")
	}
	if f.x.Request.URL != "" {
		ev = append(ev, d.bodyEvidence()...)
	}
	proxy := "http://proxy:3128"
	if f.x.Proxy != "" {
		proxy = short(f.x.Proxy)
	}
	d.add(ProxyAuthRequired, certain, ev, nil, append(lead,
		"Give this proxy its own credentials (they travel as Proxy-Authorization):\ncurl -x "+shellQuote(proxy)+` -U "$PROXY_USER:$PROXY_PASSWORD" `+shellQuote(short(f.x.Request.URL)))...)
}

// proxyAt401 reads a 401 that a forward proxy wrote about itself (tinyproxy
// answers 401 with its own realm, not 407): the request went through a
// proxy and the challenge or the words name it.
func (d *diagnosis) proxyAt401() bool {
	f := d.f
	if f.x.Proxy == "" {
		return false
	}
	named := hasWord(f.plain, "proxy")
	for _, c := range f.challenges {
		named = named || strings.Contains(strings.ToLower(c.Params["realm"]), "proxy")
	}
	if !named {
		return false
	}
	ev := append([]string{"through proxy " + short(f.x.Proxy) + ", and the 401 names the proxy, not the origin"}, d.serverSaid()...)
	if f.proxyAuth {
		ev = append(ev, "Proxy-Authorization was sent but refused")
	}
	d.add(ProxyAuthRequired, strong, ev, nil,
		"Give the proxy its own credentials (they travel as Proxy-Authorization):\ncurl -x "+shellQuote(short(f.x.Proxy))+` -U "$PROXY_USER:$PROXY_PASSWORD" `+shellQuote(short(f.x.Request.URL)))
	return true
}
