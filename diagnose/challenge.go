package diagnose

import (
	"errors"
	"fmt"
	"strings"
)

// Challenge is one authentication challenge from WWW-Authenticate or
// Proxy-Authenticate: a scheme and either a token68 or parameters.
type Challenge struct {
	Scheme  string            `json:"scheme"` // as the server wrote it; compare with strings.EqualFold
	Token68 string            `json:"token68,omitempty"`
	Params  map[string]string `json:"params,omitempty"` // names lower-cased; values unquoted
}

// Is reports whether the challenge uses scheme, ignoring case.
func (c Challenge) Is(scheme string) bool { return strings.EqualFold(c.Scheme, scheme) }

// String writes the challenge back in header syntax.
func (c Challenge) String() string {
	var b strings.Builder
	b.WriteString(c.Scheme)
	if c.Token68 != "" {
		b.WriteString(" ")
		b.WriteString(c.Token68)
		return b.String()
	}
	first := true
	for _, k := range sortedKeys(c.Params) {
		if first {
			b.WriteString(" ")
			first = false
		} else {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteString(`="`)
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(c.Params[k]))
		b.WriteString(`"`)
	}
	return b.String()
}

// ParseChallenges parses WWW-Authenticate or Proxy-Authenticate field values
// (RFC 9110 §11.6.1). Each value may hold several challenges; several values
// are read in order. It is lenient: on malformed input it returns every
// challenge it could read together with an error saying what was wrong.
func ParseChallenges(headerValues []string) ([]Challenge, error) {
	var out []Challenge
	var errs []error
	for _, v := range headerValues {
		if len(out) >= maxChallenges {
			errs = append(errs, fmt.Errorf("more than %d challenges; the rest were ignored", maxChallenges))
			break
		}
		if len(v) > maxChallengeLen {
			// Real challenges are short; a huge value is garbage or an attack.
			v = v[:maxChallengeLen]
			errs = append(errs, fmt.Errorf("challenge longer than %d bytes was cut", maxChallengeLen))
		}
		p := challengeParser{s: v}
		out = p.parse(out)
		errs = append(errs, p.errs...)
	}
	if len(out) > maxChallenges {
		out = out[:maxChallenges]
	}
	return out, errors.Join(errs...)
}

// Limits that keep a hostile header cheap to read.
const (
	maxChallenges   = 64
	maxChallengeLen = 16 << 10
)

type challengeParser struct {
	s    string
	i    int
	errs []error
}

func isTchar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// isT68 covers token68 characters apart from the trailing '='.
func isT68(c byte) bool { return isTchar(c) || c == '/' }

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

func (p *challengeParser) fail(format string, a ...any) {
	if len(p.errs) < 8 {
		p.errs = append(p.errs, fmt.Errorf("challenge at byte %d: "+format, append([]any{p.i}, a...)...))
	}
}

func (p *challengeParser) skipOWS() {
	for p.i < len(p.s) && isOWS(p.s[p.i]) {
		p.i++
	}
}

// skipSeparators skips whitespace and the empty list elements RFC 9110 §5.6.1
// tells recipients to accept.
func (p *challengeParser) skipSeparators() {
	for p.i < len(p.s) && (isOWS(p.s[p.i]) || p.s[p.i] == ',') {
		p.i++
	}
}

func (p *challengeParser) word(ok func(byte) bool) string {
	start := p.i
	for p.i < len(p.s) && ok(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *challengeParser) parse(out []Challenge) []Challenge {
	for len(out) <= maxChallenges {
		p.skipSeparators()
		if p.i >= len(p.s) {
			return out
		}
		scheme := p.word(isTchar)
		if scheme == "" {
			p.fail("unexpected %q where a scheme should start", p.s[p.i])
			p.i++ // always make progress
			continue
		}
		c := Challenge{Scheme: scheme}
		if p.i < len(p.s) && isOWS(p.s[p.i]) {
			p.skipOWS()
			p.body(&c)
		} else if p.i < len(p.s) && p.s[p.i] != ',' {
			p.fail("unexpected %q after scheme %s", p.s[p.i], scheme)
		}
		out = append(out, c)
	}
	return out
}

// body reads what follows a scheme: a token68 or auth-params, stopping before
// the next challenge.
func (p *challengeParser) body(c *Challenge) {
	first := true
	for {
		if !first {
			p.skipSeparators()
		}
		if p.i >= len(p.s) {
			return
		}
		mark := p.i
		name := p.word(isT68)
		if name == "" {
			if first && p.s[p.i] == '=' {
				p.fail("parameter without a name")
			} else if p.s[p.i] != ',' {
				p.fail("unexpected %q in challenge %s", p.s[p.i], c.Scheme)
			}
			p.i++
			first = false
			continue
		}
		p.skipOWS()
		if p.i >= len(p.s) || p.s[p.i] == ',' {
			if first {
				c.Token68 = name // token68 without padding
				return
			}
			// A bare word after parameters starts the next challenge.
			p.i = mark
			return
		}
		if p.s[p.i] != '=' {
			// "Basic realm=x, Bearer realm=y": the word is the next scheme.
			if !first {
				p.i = mark
				return
			}
			p.fail("unexpected %q after %q", p.s[p.i], name)
			p.i = mark
			return
		}
		// Either token68 padding ("abc==") or a parameter ("realm=...").
		eq := p.i
		for p.i < len(p.s) && p.s[p.i] == '=' {
			p.i++
		}
		pad := p.s[eq:p.i]
		p.skipOWS()
		if first && (p.i >= len(p.s) || p.s[p.i] == ',') {
			c.Token68 = name + pad
			return
		}
		if len(pad) > 1 {
			p.fail("parameter %q has %d '=' signs", name, len(pad))
		}
		var val string
		if p.i < len(p.s) && p.s[p.i] == '"' {
			val = p.quoted()
		} else {
			val = p.word(isTchar)
			if val == "" && p.i < len(p.s) && p.s[p.i] != ',' {
				// Unquoted values with '/' or ':' (URLs) appear in the wild.
				start := p.i
				for p.i < len(p.s) && p.s[p.i] != ',' && !isOWS(p.s[p.i]) {
					p.i++
				}
				val = p.s[start:p.i]
				p.fail("parameter %q has an unquoted value with special characters", name)
			}
		}
		if c.Params == nil {
			c.Params = map[string]string{}
		}
		key := strings.ToLower(name)
		if _, dup := c.Params[key]; dup {
			p.fail("parameter %q repeated", key)
		} else {
			c.Params[key] = val
		}
		first = false
		p.skipOWS()
		if p.i < len(p.s) && p.s[p.i] != ',' {
			p.fail("expected ',' after parameter %q, got %q", key, p.s[p.i])
			// A missing comma before the next word is forgiven; other
			// garbage is skipped up to the next comma.
			for p.i < len(p.s) && p.s[p.i] != ',' && !isTchar(p.s[p.i]) {
				p.i++
			}
		}
	}
}

// quoted reads a quoted-string at p.i, undoing backslash escapes.
func (p *challengeParser) quoted() string {
	p.i++ // opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch c {
		case '"':
			p.i++
			return b.String()
		case '\\':
			if p.i+1 < len(p.s) {
				b.WriteByte(p.s[p.i+1])
				p.i += 2
				continue
			}
		}
		b.WriteByte(c)
		p.i++
	}
	p.fail("unterminated quoted string")
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Insertion sort: a challenge has a handful of parameters.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
