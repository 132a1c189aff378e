package request

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxCurlFile is the most one @FILE, cookie file or standard input may
// hold: the in-memory body cap, as a body is what they usually are.
const MaxCurlFile = DefaultMemBody

// LocalFiles reads @FILE names from the disk and "-" from stdin (once:
// a second @- reads what the first did), each capped at MaxCurlFile.
func LocalFiles(stdin io.Reader) func(string) ([]byte, error) {
	var once sync.Once
	var in []byte
	var inErr error
	return func(name string) ([]byte, error) {
		if name != "-" {
			return ReadFileCapped(name, MaxCurlFile, "a file a curl command names")
		}
		once.Do(func() {
			if stdin == nil {
				inErr = errors.New("standard input is not open")
				return
			}
			in, inErr = io.ReadAll(io.LimitReader(stdin, MaxCurlFile+1))
			if inErr == nil && int64(len(in)) > MaxCurlFile {
				inErr = &FileTooLargeError{Path: "standard input", Max: MaxCurlFile, What: "a file a curl command names"}
			}
		})
		return in, inErr
	}
}

// readFile reads the file name that ref (what was typed after opt) names,
// through the parse's input; the inspector's paste has none, and says
// where it works.
func (p *curlParse) readFile(opt, ref, name string) ([]byte, error) {
	ref = cutText(ref, maxErrorText)
	if name == "" {
		return nil, fmt.Errorf("%s %s: no file named", opt, ref)
	}
	if p.in.ReadFile == nil {
		return nil, fmt.Errorf("%s %s: reading a file is not supported here; paste the content, or give the command to authlens --curl on the command line", opt, ref)
	}
	b, err := p.in.ReadFile(name)
	var tooLarge *FileTooLargeError
	var pathErr *fs.PathError
	switch {
	case err == nil:
		return b, nil
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("%s %s: larger than %s, the most authlens reads from a file a curl command names", opt, ref, sizeText(tooLarge.Max))
	case errors.As(err, &pathErr):
		return nil, fmt.Errorf("%s %s: %w", opt, ref, pathErr.Err)
	}
	return nil, fmt.Errorf("%s %s: %w", opt, ref, err)
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// parseFormValue reads the part of -F after "name=" as curl does: a
// value in double quotes loses them (\" and \\ inside), and ;type= and
// ;filename= parameters follow the value.
func parseFormValue(v string) (formField, error) {
	var f formField
	val, rest, err := formWord(v)
	if err != nil {
		return f, err
	}
	f.value = val
	for rest != "" {
		rest = strings.TrimLeft(rest[1:], " \t") // the ;
		var param string
		switch {
		case strings.HasPrefix(rest, "type="):
			param, rest, err = formWord(rest[len("type="):])
			f.ctype = param
			if err == nil && !validFormType(param) {
				err = fmt.Errorf("type %q is not a media type like application/json", param)
			}
		case strings.HasPrefix(rest, "filename="):
			param, rest, err = formWord(rest[len("filename="):])
			f.filename = param
		default:
			name, _, _ := strings.Cut(rest, "=")
			return f, fmt.Errorf("the part parameter %q is not supported by authlens (type= and filename= are)", cutText(name, 40))
		}
		if err != nil {
			return f, err
		}
	}
	if f.filename != "" && f.ctype == "" {
		f.ctype = curlPartType(f.filename)
	}
	return f, nil
}

// formWord is a -F value or parameter up to the next ; (kept in rest).
func formWord(s string) (word, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		if i := strings.IndexByte(s, ';'); i >= 0 {
			return s[:i], s[i:], nil
		}
		return s, "", nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		case c == '"':
			rest = strings.TrimRight(s[i+1:], " \t")
			if rest != "" && rest[0] != ';' {
				return "", "", fmt.Errorf("text after the closing quote: %q", cutText(rest, 40))
			}
			return b.String(), rest, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", "", errors.New("unterminated double quote")
}

// validFormType is what curl takes as ;type=: major/minor and nothing more.
func validFormType(t string) bool {
	major, minor, ok := strings.Cut(t, "/")
	return ok && validToken(major) && validToken(minor)
}

// cookieFileCookies are the cookies of a Netscape cookie file (what curl -c
// writes) that curl would send to rawURL at now: domain, path, Secure and
// expiry matched.
func cookieFileCookies(jar []byte, rawURL string, now time.Time) ([]string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	host := strings.ToLower(u.Hostname())
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	type match struct {
		pair                   string
		path, domain, name, at int
	}
	var found []match
	for n, line := range strings.Split(string(jar), "\n") {
		line = strings.TrimRight(line, "\r")
		line = strings.TrimPrefix(line, "#HttpOnly_")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("-b: line %d is not a Netscape cookie line (7 fields split by tabs)", n+1)
		}
		domain, sub, cpath, secure, name, value := strings.ToLower(f[0]), f[1] == "TRUE", f[2], f[3] == "TRUE", f[5], f[6]
		exp, err := strconv.ParseInt(f[4], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("-b: line %d: expiry %q is not a number", n+1, cutText(f[4], 40))
		}
		if strings.HasPrefix(domain, ".") {
			domain, sub = domain[1:], true
		}
		switch {
		case exp != 0 && time.Unix(exp, 0).Before(now):
		case !(host == domain || sub && strings.HasSuffix(host, "."+domain)):
		case !pathMatch(path, cpath):
		case secure && !secureContext(u.Scheme, host):
		default:
			if !validToken(name) {
				return nil, fmt.Errorf("-b: line %d: cookie name %q is not a token", n+1, cutText(name, 40))
			}
			found = append(found, match{name + "=" + value, len(cpath), len(domain), len(name), n})
		}
	}
	// curl's order: longer path first, then longer domain, longer name,
	// and the later line.
	slices.SortStableFunc(found, func(a, b match) int {
		return cmp.Or(cmp.Compare(b.path, a.path), cmp.Compare(b.domain, a.domain), cmp.Compare(b.name, a.name), cmp.Compare(b.at, a.at))
	})
	out := make([]string, len(found))
	for i, m := range found {
		out[i] = m.pair
	}
	return out, nil
}

// secureContext is where curl sends a Secure cookie: over https, and to
// the local host, which no one can listen in on.
func secureContext(scheme, host string) bool {
	return scheme == "https" || host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// curlPartType is the Content-Type curl gives a part with a file name and
// no ;type=: by the name's extension, else application/octet-stream.
func curlPartType(filename string) string {
	ext := strings.ToLower(path.Ext(filename))
	switch ext {
	case ".gif":
		return "image/gif"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain"
	case ".htm", ".html":
		return "text/html"
	case ".pdf":
		return "application/pdf"
	case ".xml":
		return "application/xml"
	}
	return "application/octet-stream"
}

// pathMatch is RFC 6265 §5.1.4's path-match.
func pathMatch(reqPath, cookiePath string) bool {
	if cookiePath == "" || reqPath == cookiePath {
		return true
	}
	return strings.HasPrefix(reqPath, cookiePath) &&
		(strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/')
}
