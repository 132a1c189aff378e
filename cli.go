package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/authlens/authlens/request"
)

// piped reports whether r is a pipe or a file rather than a terminal, so
// that diagnose with no URL reads it instead of waiting on a keyboard.
func piped(r io.Reader) bool {
	if r == nil {
		return false
	}
	f, ok := r.(*os.File)
	if !ok {
		return true
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice == 0
}

// readStdinRequest reads the request standard input holds: a curl command,
// or else .http text, handed to the .http reader as a file in the current
// directory would be (its environment files are looked for there).
func readStdinRequest(stdin io.Reader, o cliOptions, curlOnly bool) (request.Request, error) {
	if stdin == nil {
		return request.Request{}, errors.New("standard input is not open")
	}
	b, err := io.ReadAll(io.LimitReader(stdin, request.MaxCurlFile+1))
	if err != nil {
		return request.Request{}, fmt.Errorf("read standard input: %w", err)
	}
	if int64(len(b)) > request.MaxCurlFile {
		return request.Request{}, errors.New("standard input is larger than the most authlens reads as a request")
	}
	text := strings.TrimPrefix(string(b), "\uFEFF")
	if strings.TrimSpace(text) == "" {
		return request.Request{}, errors.New("standard input is empty: pipe a curl command or .http text in")
	}
	if curlOnly || looksLikeCurl(text) {
		if o.env != "" || o.name != "" {
			return request.Request{}, usageError{"--env and --name go with a .http file"}
		}
		files := request.LocalFiles(nil)
		in := request.CurlInput{Lookup: os.LookupEnv, ReadFile: func(name string) ([]byte, error) {
			if name == "-" {
				return nil, errors.New("standard input holds the command itself, not a body")
			}
			return files(name)
		}}
		return request.ParseCurlWith(text, in)
	}
	env, err := request.LoadHTTPEnv(".", o.env)
	if err != nil {
		return request.Request{}, err
	}
	reqs, err := request.ParseHTTP("standard input", text, request.HTTPOptions{Env: env, LookupEnv: os.LookupEnv})
	if err != nil {
		return request.Request{}, err
	}
	if len(reqs) == 0 {
		return request.Request{}, errors.New("standard input holds neither a curl command nor a .http request")
	}
	return pickHTTPRequest(reqs, "standard input", o.name)
}

// looksLikeCurl: the text's first word is curl (or curl.exe, or a path to
// it), after a "$ " prompt someone copied along.
func looksLikeCurl(text string) bool {
	words := strings.Fields(strings.TrimPrefix(strings.TrimSpace(text), "$ "))
	if len(words) == 0 {
		return false
	}
	base := strings.ToLower(path.Base(strings.ReplaceAll(strings.Trim(words[0], `"'^`), `\`, "/")))
	return base == "curl" || base == "curl.exe"
}

// versionLine is the module version and the commit the binary was built
// from, as the Go toolchain recorded them.
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "authlens (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	line := "authlens " + v
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		line += " commit " + rev[:min(12, len(rev))]
		if when != "" {
			line += " " + when
		}
		if modified {
			line += " (with uncommitted changes)"
		}
	}
	return line + ", " + bi.GoVersion
}

func runVersion(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("version takes no arguments, got %q", args[0])}
	}
	fmt.Fprintln(stdout, versionLine())
	return nil
}

func runHelp(args []string, stdout io.Writer) error {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, usage)
		return nil
	case 1:
		c := findCommand(args[0])
		if c == nil {
			return usageError{fmt.Sprintf("no command %q (authlens --help lists them)", args[0])}
		}
		fmt.Fprintf(stdout, "usage: %s\n\n%s", c.usage, c.help)
		return nil
	}
	return usageError{"help takes one command name"}
}

// envNames are the environments of the http-client.env.json files beside
// a .http file (or in the current directory), for completing --env.
func envNames(httpFile string) []string {
	dir := "."
	if httpFile != "" {
		dir = filepath.Dir(httpFile)
	}
	var names []string
	for _, f := range []string{"http-client.env.json", "http-client.private.env.json"} {
		b, err := request.ReadFileCapped(filepath.Join(dir, f), request.MaxHTTPFile, "an environment file")
		if err != nil {
			continue // a completion offers what it can
		}
		var envs map[string]json.RawMessage
		if json.Unmarshal(b, &envs) != nil {
			continue
		}
		for k := range envs {
			if !strings.HasPrefix(k, "$") && !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	slices.Sort(names)
	return names
}
