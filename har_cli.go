package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/ui"
)

// isHARPath reports whether a command-line argument names a HAR file.
func isHARPath(s string) bool {
	return strings.HasSuffix(strings.ToLower(s), ".har")
}

// openHAR opens a capture, saying in one line why it cannot be read.
func openHAR(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usageError{fmt.Sprintf("%s: no such file", path)}
		}
		return nil, usageError{err.Error()}
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, usageError{fmt.Sprintf("%s is a directory, not a HAR file", path)}
	}
	return f, nil
}

// runDiagnoseHAR prints each failing entry's diagnosis; exit 1 when any
// failed.
func runDiagnoseHAR(path string, o cliOptions, stdout io.Writer) (int, error) {
	f, err := openHAR(path)
	if err != nil {
		return 2, err
	}
	defer f.Close()
	t, _, err := har.Load(f, o.diagnoseOptions())
	if err != nil {
		return 2, usageError{fmt.Sprintf("%s: %v", path, err)}
	}
	failed, err := har.WriteReport(stdout, t.Items, o.jsonOut, o.showSecrets)
	if err != nil {
		return 1, err
	}
	if failed > 0 {
		return 1, nil
	}
	return 0, nil
}

const harUsage = "har redact IN.har OUT.har"

// runHAR is `authlens har redact IN OUT`: a copy safe to attach to a bug
// report.
func runHAR(args []string, stderr io.Writer) error {
	if len(args) != 3 || args[0] != "redact" {
		return usageError{"usage: authlens " + harUsage}
	}
	in, out := args[1], args[2]
	if sameFile(in, out) {
		return usageError{"har redact writes a new file: OUT must not be IN"}
	}
	src, err := openHAR(in)
	if err != nil {
		return err
	}
	defer src.Close()
	// Written beside OUT and renamed, so a failure leaves no half file.
	tmp, err := os.CreateTemp(filepath.Dir(out), ".authlens-redact-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := har.Redact(src, tmp); err != nil {
		tmp.Close()
		return usageError{fmt.Sprintf("%s: %v", in, err)}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "authlens: wrote %s with its credentials masked\n", out)
	return nil
}

func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

func (o cliOptions) diagnoseOptions() diagnose.Options {
	return diagnose.Options{JWTKey: o.jwtKey}
}

// harFeed streams a capture to the traffic list; stop ends the reading
// and closes the file.
func harFeed(path string, o cliOptions) (*ui.TrafficFeed, func(), error) {
	f, err := openHAR(path)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	feed := &ui.TrafficFeed{Name: filepath.Base(path), Batches: har.Stream(ctx, f, o.diagnoseOptions())}
	return feed, func() { cancel(); f.Close() }, nil
}
