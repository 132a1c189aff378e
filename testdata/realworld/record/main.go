// Command record sends the cases a real server's folder lists and writes
// each exchange as a fixture beside them, so the corpus can be made again
// by anyone who starts the same software.
//
//	go run ./testdata/realworld/record -dir testdata/realworld/NAME -base http://127.0.0.1:PORT
//
// cases.json in that folder names the software and lists the cases:
//
//	{"software": "…", "version": "…", "cases": [
//	  {"name": "wrong-password", "cause": "invalid_credentials",
//	   "curl": "curl -u alice:wrong {{BASE}}/basic", "note": "…"}]}
//
// {{BASE}} in a curl command is replaced by -base. A case may set "base" to
// use another server of the same folder, and "origin" to send it as a page
// at that origin would, with the CORS preflight a browser sends first.
// "no_response": true keeps an exchange that got no response at all.
// {{RUN}} is replaced by $RUN, where a folder's start.sh keeps the files
// it made (client certificates, say).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authlens/authlens/request"
)

type caseFile struct {
	Software string `json:"software"`
	Version  string `json:"version"`
	Cases    []struct {
		Name   string `json:"name"`
		Cause  string `json:"cause"` // "" for a success with nothing to fix
		Curl   string `json:"curl"`
		Note   string `json:"note"`
		Base   string `json:"base,omitempty"`
		Origin string `json:"origin,omitempty"`
		// NoResponse records an exchange that ended in an error without
		// a response (a CONNECT refused by a proxy) instead of failing.
		NoResponse bool   `json:"no_response,omitempty"`
		Evidence   string `json:"evidence,omitempty"`
	} `json:"cases"`
}

type source struct {
	Software string `json:"software"`
	Version  string `json:"version,omitempty"`
}

type expect struct {
	Cause    string `json:"cause"`
	Evidence string `json:"evidence,omitempty"`
}

type fixture struct {
	Note   string `json:"note"`
	Source source `json:"source"`
	Expect expect `json:"expect"`
	request.Exchange
}

func main() {
	dir := flag.String("dir", "", "folder holding cases.json")
	base := flag.String("base", "", "base URL replacing {{BASE}}")
	only := flag.String("only", "", "record only the case of this name")
	flag.Parse()
	if err := run(*dir, *base, *only); err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(1)
	}
}

func run(dir, base, only string) error {
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		return err
	}
	var cf caseFile
	if err := json.Unmarshal(b, &cf); err != nil {
		return fmt.Errorf("%s: %v", filepath.Join(dir, "cases.json"), err)
	}
	client := request.NewClient()
	for _, c := range cf.Cases {
		if only != "" && c.Name != only {
			continue
		}
		bu := base
		if c.Base != "" {
			bu = c.Base
		}
		cmd := strings.ReplaceAll(c.Curl, "{{BASE}}", strings.TrimRight(bu, "/"))
		cmd = strings.ReplaceAll(cmd, "{{RUN}}", os.Getenv("RUN"))
		req, err := request.ParseCurl(cmd)
		if err != nil {
			return fmt.Errorf("case %s: %v", c.Name, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		var x request.Exchange
		if c.Origin != "" {
			req.Origin = c.Origin
			x = client.SendCORS(ctx, req)
		} else {
			x = client.Send(ctx, req)
		}
		cancel()
		if x.Error != nil && x.Response == nil && !c.NoResponse {
			return fmt.Errorf("case %s: %s", c.Name, x.Error.Message)
		}
		x.Timing = request.Timing{}
		if x.Preflight != nil {
			x.Preflight.Timing = request.Timing{}
		}
		fx := fixture{Note: c.Note, Source: source{cf.Software, cf.Version}, Expect: expect{c.Cause, c.Evidence}, Exchange: x}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(fx); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, c.Name+".json"), buf.Bytes(), 0o644); err != nil {
			return err
		}
		status := 0
		if x.Response != nil {
			status = x.Response.Status
		}
		fmt.Printf("%-40s %d\n", c.Name, status)
	}
	return nil
}
