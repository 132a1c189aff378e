package request

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultNetrc stands for the user's ~/.netrc, as curl's --netrc.
const DefaultNetrc = "~/.netrc"

// NetrcEntry is one machine's login in a .netrc file.
type NetrcEntry struct {
	Login, Password string
}

// netrcPath resolves ~ to the home directory.
func netrcPath(p string) (string, error) {
	if p == DefaultNetrc {
		if env := os.Getenv("NETRC"); env != "" {
			return env, nil // curl reads $NETRC first too
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("--netrc: no home directory to find .netrc in: %v", err)
		}
		return filepath.Join(home, ".netrc"), nil
	}
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest), nil
		}
	}
	return p, nil
}

// LookupNetrc finds host's login in the .netrc file at path, falling back
// to a "default" entry. A file others can read that holds a password is
// refused, as ftp and Python's netrc refuse it: the password is not the
// user's alone any more.
func LookupNetrc(path, host string) (NetrcEntry, bool, error) {
	p, err := netrcPath(path)
	if err != nil {
		return NetrcEntry{}, false, err
	}
	data, err := ReadFileCapped(p, MaxKeyFile, "a .netrc file")
	if err != nil {
		return NetrcEntry{}, false, fmt.Errorf("netrc: %w", err)
	}
	var found, def *NetrcEntry
	var cur *NetrcEntry
	hasPassword := false
	words := strings.Fields(string(data))
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := func() string {
			if i+1 < len(words) {
				i++
				return words[i]
			}
			return ""
		}
		switch w {
		case "machine":
			e := &NetrcEntry{}
			cur = e
			if strings.EqualFold(next(), host) && found == nil {
				found = e
			}
		case "default":
			e := &NetrcEntry{}
			cur = e
			if def == nil {
				def = e
			}
		case "login":
			if v := next(); cur != nil {
				cur.Login = v
			}
		case "password":
			hasPassword = true
			if v := next(); cur != nil {
				cur.Password = v
			}
		case "account":
			next()
		case "macdef":
			// A macro's words are not tokens; it is taken to run to the
			// next entry.
			cur = nil
			for i+1 < len(words) && words[i+1] != "machine" && words[i+1] != "default" {
				i++
			}
		}
	}
	if hasPassword {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			return NetrcEntry{}, false, fmt.Errorf("netrc: %s holds passwords but other users may read it (mode %04o); run chmod 600 %s", p, fi.Mode().Perm(), p)
		}
	}
	if found == nil {
		found = def
	}
	if found == nil {
		return NetrcEntry{}, false, nil
	}
	return *found, true, nil
}

// withNetrc fills Basic credentials from the request's .netrc file when
// the request carries none of its own, and says so in a note.
func (r Request) withNetrc() (Request, string, error) {
	if r.Netrc == "" || (r.Auth.Scheme != "" && r.Auth.Scheme != SchemeNone && r.Auth.Scheme != SchemeClientCert) || hasHeader(r.Headers, "Authorization") {
		return r, "", nil
	}
	u, err := ParseURL(r.URL)
	if err != nil || u.User != nil {
		return r, "", nil
	}
	e, ok, err := LookupNetrc(r.Netrc, u.Hostname())
	if err != nil {
		if r.NetrcOptional && errors.Is(err, fs.ErrNotExist) {
			return r, "", nil
		}
		return r, "", err
	}
	if !ok || e.Login == "" {
		return r, "", nil
	}
	r.Auth.Scheme, r.Auth.User, r.Auth.Password = SchemeBasic, e.Login, e.Password
	return r, "the user name and password for " + u.Hostname() + " came from the .netrc file and were sent as Basic authentication", nil
}
