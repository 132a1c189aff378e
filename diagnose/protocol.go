package diagnose

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// protocol reads a response the client refused as broken HTTP. The server
// did answer, so the fix is on its side: which part of it wrote the bytes
// decides where to look.
func (d *diagnosis) protocol(ev []string) {
	f := d.f
	msg := f.x.Error.Message
	lm := strings.ToLower(msg)
	host, port := "HOST", "80"
	if f.url != nil {
		if h := f.url.Hostname(); h != "" {
			host = h
		}
		port = tlsPort(f)
		if f.url.Port() == "" && f.url.Scheme == "http" {
			port = "80"
		}
	}
	u := shellQuote(short(f.x.Request.URL))
	raw := "curl -sv --raw " + u + " -o /dev/null 2>&1 | cat -v"
	if f.url != nil && f.url.Scheme == "http" {
		raw += "\nprintf 'GET " + shellSafePath(f.url) + " HTTP/1.1\\r\\nHost: " + short(host) + "\\r\\nConnection: close\\r\\n\\r\\n' | nc " + short(host) + " " + port + " | head -c 2000 | cat -v"
	}
	switch {
	case hasAny(lm, "malformed mime header", "invalid header field value", "invalid header field name"):
		name, ctl := brokenHeader(msg)
		ev = append(ev, "the client refused the whole response because a header line breaks HTTP")
		if name != "" {
			ev = append(ev, "the broken header: "+name)
		}
		if ctl != "" {
			ev = append(ev, "its value holds control characters HTTP forbids in a header: "+ctl)
		}
		switch strings.ToLower(name) {
		case "www-authenticate":
			ev = append(ev, "it is the server's auth challenge: no client can read which credentials it asks for")
		case "set-cookie":
			ev = append(ev, "it is a Set-Cookie: the session it carries never reaches the client")
		}
		what := "a header"
		if name != "" {
			what = name
		}
		d.setHeadline(ServerError, "the server (or a proxy in front of it) sent a response header that breaks HTTP")
		d.add(ServerError, strong, ev, nil,
			"The server, or a proxy, gateway or CDN in front of it, wrote "+what+" with bytes HTTP does not allow, so the client dropped the response. Look at the raw bytes:\n"+raw,
			"Find which component writes "+what+": call the application directly, bypassing proxies and gateways, and compare its headers with what arrives here.",
			"Strip or escape control characters (CR, LF, NUL, ESC, DEL and other bytes below 0x20) before they go into a header value; values built from user input, error text or file names are the usual source.")
	case hasAny(lm, "headers exceeded", "header list too large", "header too long", "too large header"):
		ev = append(ev, "the response headers ran past the size the client accepts; no real server needs that much")
		d.setHeadline(ServerError, "the server's response headers are too large for a client to accept")
		d.add(ServerError, likely, ev, nil,
			"Find the header that grows: a Set-Cookie or a header that a proxy appends to on every hop, or an endless run of 100 Continue lines. List the longest lines:\ncurl -s -D - -o /dev/null "+u+" | awk '{ print length($0) \": \" substr($0, 1, 60) }' | sort -rn | head",
			"Fix the component that writes it, then send again; clearing the cookies this client sends rules out a cookie the server echoes back.")
	case strings.Contains(lm, `\x15\x03`) || strings.Contains(lm, `\x16\x03`) || hasAny(lm, "server gave http response to https client"):
		ev = append(ev, "the first bytes back are a TLS record: this port expects https")
		var rem *Remedy
		if f.url != nil && f.url.Scheme == "http" {
			h := *f.url
			h.Scheme = "https"
			rem = &Remedy{Kind: RemedyUseHTTPS, URL: h.String(), Label: "resend over https"}
		}
		d.setHeadline(ServerError, "the port speaks TLS: the URL needs https://")
		d.add(ServerError, certain, ev, rem, "Use https:// for this port:\ncurl "+shellQuote(strings.Replace(short(f.x.Request.URL), "http://", "https://", 1)))
	case hasAny(lm, "not http", "malformed http status code", "malformed http version", "malformed http response", "spoke before the request"):
		service := otherService(lm, port)
		if service != "" {
			ev = append(ev, "the answer looks like "+service+", not HTTP")
			d.setHeadline(ServerError, "the port speaks "+service+", not HTTP")
		} else {
			ev = append(ev, "the answer did not start with an HTTP status line such as \"HTTP/1.1 200 OK\"")
			d.setHeadline(ServerError, "the port speaks something other than HTTP")
		}
		lead := []string{
			"Check the host and port: what answers on " + short(host) + ":" + port + " is not an HTTP server (SSH, mail, a database, or another protocol). APIs usually listen on 443 (https) or 80 (http).",
			"See what the port says:\nprintf 'GET / HTTP/1.1\\r\\nHost: " + short(host) + "\\r\\n\\r\\n' | nc " + short(host) + " " + port + " | head -c 300 | cat -v",
			"If it is your server and it answers with the body alone (HTTP/0.9 style, no status line), make it send a full HTTP/1.1 response: status line, headers, blank line, body.",
		}
		if service != "" {
			lead = lead[:2]
		}
		d.add(ServerError, strong, ev, nil, lead...)
	case hasAny(lm, "content-length", "transfer encoding", "transfer-encoding", "chunk"):
		ev = append(ev, "the response's length headers contradict each other or cannot be read")
		d.setHeadline(ServerError, "the response's length headers break HTTP")
		d.add(ServerError, likely, ev, nil,
			"The server sent Content-Length or Transfer-Encoding headers a client must refuse (two lengths, an unreadable one, an unknown encoding): a proxy could read the body differently from the server. Look at them raw:\n"+raw,
			"Fix the component that sets them: usually code that writes Content-Length by hand, or a proxy that adds a second one.")
	case hasAny(lm, "closed the connection", "reset the connection", "eof"):
		ev = append(ev, "the connection ended before a status line arrived")
		lead := []string{"The server or a proxy hung up without answering; its logs show why (a crash, a request size limit, an idle timeout)."}
		if f.url != nil && f.url.Scheme == "http" {
			lead = append(lead, "A TLS-only port may hang up on plain http: try https://.")
		}
		d.setHeadline(ServerError, "the server closed the connection without an answer")
		d.add(ServerError, possible, ev, nil, lead...)
	default:
		d.add(ServerError, hint, append(ev, "the server's answer was not valid HTTP"), nil)
		return
	}
	// No response came, so there is no request id to quote and no body
	// the server could have choked on.
	d.dropFixes(ServerError, "send the request id", "Check your body against the API schema")
}

// dropFixes removes the catalog fixes that do not fit how a rule read the
// exchange.
func (d *diagnosis) dropFixes(id CauseID, subs ...string) {
	for i := range d.out {
		if fd := &d.out[i]; fd.Cause == id {
			fd.Fixes = slices.DeleteFunc(fd.Fixes, func(s string) bool { return hasAny(s, subs...) })
		}
	}
}

// brokenHeader names the header in Go's refusal and the control bytes in
// its value, from the quoted line the message carries.
func brokenHeader(msg string) (name, controls string) {
	i := strings.IndexByte(msg, '"')
	if i < 0 {
		return "", ""
	}
	line, err := strconv.QuotedPrefix(msg[i:])
	if err != nil {
		return "", ""
	}
	line, err = strconv.Unquote(line)
	if err != nil {
		return "", ""
	}
	n, value, found := strings.Cut(line, ":")
	if !found {
		// "invalid header field value for \"x-evil\"" quotes the name alone.
		n, value = line, ""
	}
	if n = strings.TrimSpace(n); validHeaderName(n) {
		name = n
	}
	var seen []string
	for _, r := range value {
		label := ""
		switch {
		case r == 0x1b:
			label = "ESC"
		case r == 0x07:
			label = "BEL"
		case r == 0:
			label = "NUL"
		case r == '\r':
			label = "CR"
		case r == '\n':
			label = "LF"
		case r == 0x7f:
			label = "DEL"
		case r < 0x20 && r != '\t', r >= 0x80 && r <= 0x9f:
			label = fmt.Sprintf("U+%04X", r)
		}
		if label != "" {
			seen = appendNew(seen, label)
		}
		if len(seen) == 6 {
			break
		}
	}
	return name, strings.Join(seen, ", ")
}

// otherService guesses what speaks on a port from its banner or number.
func otherService(lm, port string) string {
	switch {
	case strings.Contains(lm, "ssh-"), port == "22":
		return "SSH"
	case hasAny(lm, "esmtp", "smtp"), port == "25", port == "465", port == "587":
		return "SMTP (mail)"
	case port == "6379":
		return "Redis"
	case port == "5432":
		return "PostgreSQL"
	case port == "3306":
		return "MySQL"
	case port == "27017":
		return "MongoDB"
	}
	return ""
}

// shellSafePath is the request path for a raw HTTP line inside single
// quotes.
func shellSafePath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if strings.ContainsAny(p, "'%\\") || len(p) > 200 {
		return "/"
	}
	return p
}
