package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/proxy"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui"
)

const proxyUsage = "proxy [--to URL] [--listen HOST:PORT] [--har OUT.har] [--show-secrets]"

type proxyFlags struct {
	to, listen, harOut string
	showSecrets        bool
}

// flags are proxy's own.
func (f *proxyFlags) flags() flagSet {
	str := func(dst *string) func(string) error { return func(v string) error { *dst = v; return nil } }
	need := "a value (authlens " + proxyUsage + ")"
	return flagSet{
		{long: "to", arg: "URL", help: "be a reverse proxy for URL; without it, a forward proxy for plain http", need: need, set: str(&f.to)},
		{long: "listen", arg: "HOST:PORT", help: "where to listen (127.0.0.1:8480; loopback unless told)", need: need, set: str(&f.listen)},
		{long: "har", arg: "OUT.har", help: "write the session as a HAR file (credentials masked unless --show-secrets)", need: need, set: str(&f.harOut)},
		{long: "show-secrets", help: "show credentials in the traffic and the HAR file", set: func(string) error { f.showSecrets = true; return nil }},
	}
}

func parseProxyFlags(args []string) (proxyFlags, error) {
	var f proxyFlags
	rest, err := f.flags().parse(args, nil)
	if err != nil {
		return f, err
	}
	if len(rest) > 0 {
		return f, usageError{fmt.Sprintf("proxy: unknown argument %q (authlens %s)", rest[0], proxyUsage)}
	}
	if f.harOut != "" && !isHARPath(f.harOut) {
		return f, usageError{"--har wants a file name ending in .har"}
	}
	return f, nil
}

func runProxy(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	tui := false
	if out, ok := stdout.(*os.File); ok {
		st, err := out.Stat()
		tui = err == nil && st.Mode()&os.ModeCharDevice != 0
	}
	return runProxyCtx(ctx, args, stdout, stderr, tui)
}

// runProxyCtx serves until ctx ends (or the inspector quits), then writes
// the session's HAR file if one was asked for. Without a terminal it
// prints one line per exchange instead of the traffic list.
func runProxyCtx(ctx context.Context, args []string, stdout, stderr io.Writer, tui bool) error {
	f, err := parseProxyFlags(args)
	if err != nil {
		return err
	}
	rec := proxy.NewRecorder(diagnose.Options{})
	srv, err := proxy.Start(proxy.Options{Listen: f.listen, To: f.to}, rec.Record)
	if err != nil {
		if strings.HasPrefix(err.Error(), "--to") {
			return usageError{err.Error()}
		}
		return err
	}
	if w := srv.Warning(); w != "" {
		fmt.Fprintln(stderr, "authlens: "+w)
	}
	name, note := "forward proxy (HTTP_PROXY="+srv.URL+")", "listening on "+srv.URL+" · https through CONNECT is passed on unseen"
	if t := srv.Target(); t != "" {
		name, note = "proxy → "+request.RedactURL(t), "listening on "+srv.URL+": point the application's base URL here"
	}
	if tui {
		m := ui.New(ui.Options{
			Request:     request.Request{Method: "GET", URL: srv.Target()},
			ShowSecrets: f.showSecrets,
			Traffic:     &ui.TrafficFeed{Name: name, Batches: rec.Batches(), Live: true, Note: note},
		})
		_, err = tea.NewProgram(m, tea.WithContext(ctx)).Run()
		if ctx.Err() != nil {
			err = nil
		}
	} else {
		fmt.Fprintf(stdout, "authlens %s: %s\n", name, note)
		printTraffic(ctx, rec.Batches(), stdout)
	}
	srv.Close()
	rec.Close()
	if f.harOut == "" {
		return err
	}
	if werr := writeSessionHAR(f.harOut, rec.Exchanges(), f.showSecrets); werr != nil {
		return werr
	}
	fmt.Fprintf(stderr, "authlens: wrote %s\n", f.harOut)
	return err
}

// printTraffic is the traffic list for a pipe: a line per exchange, in
// the order they ended.
func printTraffic(ctx context.Context, batches <-chan har.Batch, w io.Writer) {
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-batches:
			if !ok {
				return
			}
			for _, it := range b.Items {
				fmt.Fprintln(w, trafficLine(it))
			}
		}
	}
}

func trafficLine(it *har.Item) string {
	x := it.X
	status := "ERR"
	switch {
	case it.Tunnel:
		status = "TUNNEL"
	case x.Response != nil:
		status = fmt.Sprint(x.Response.Status)
	}
	line := fmt.Sprintf("%s %s %s", status, x.Request.Method, request.RedactURL(x.Request.URL))
	if f, ok := it.Report.Top(); ok && it.Failed() {
		line += "  " + string(f.Cause) + ": " + f.Title
	}
	return request.Printable(line)
}

// writeSessionHAR saves the recording, credentials masked unless asked
// for, readable by the user alone.
func writeSessionHAR(path string, xs []request.Exchange, showSecrets bool) error {
	if !showSecrets {
		for i, x := range xs {
			xs[i] = x.Redacted()
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".authlens-proxy-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := har.Write(tmp, har.Creator{Name: "authlens", Version: "proxy"}, xs); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
