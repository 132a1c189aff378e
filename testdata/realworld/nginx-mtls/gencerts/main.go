// Command gencerts writes the CAs and certificates the nginx mTLS folder
// uses into a directory: the CA nginx trusts for clients, a server
// certificate, and client certificates that are good, expired, from
// another CA, and made for servers only.
//
//	go run ./testdata/realworld/nginx-mtls/gencerts DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/authlens/authlens/internal/pki"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gencerts DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gencerts:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	now := time.Now()
	ca, err := pki.NewCA("nginx test client CA", now.Add(-time.Hour))
	if err != nil {
		return err
	}
	other, err := pki.NewCA("Unrelated CA", now.Add(-time.Hour))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "client-ca.crt"), ca.PEM, 0o600); err != nil {
		return err
	}
	year := now.AddDate(1, 0, 0)
	for _, c := range []struct {
		name  string
		issue func() (pki.Issued, error)
	}{
		{"server", func() (pki.Issued, error) { return ca.Server(now.Add(-time.Hour), year) }},
		{"good", func() (pki.Issued, error) { return ca.Client("good-client", now.Add(-time.Hour), year) }},
		{"expired", func() (pki.Issued, error) {
			return ca.Client("expired-client", now.AddDate(0, 0, -60), now.AddDate(0, 0, -30))
		}},
		{"foreign", func() (pki.Issued, error) { return other.Client("foreign-client", now.Add(-time.Hour), year) }},
		{"server-usage", func() (pki.Issued, error) { return ca.Server(now.Add(-time.Hour), year) }},
	} {
		is, err := c.issue()
		if err != nil {
			return err
		}
		if _, _, err := is.WriteFiles(dir, c.name); err != nil {
			return err
		}
	}
	return nil
}
