package lab

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"
)

// DefaultAddr is where the lab listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8401"

// Server is a running lab.
type Server struct {
	URL    string // http://127.0.0.1:PORT
	AltURL string // the second loopback listener for the redirect scenario; "" if none
	Lab    *Lab

	servers []*http.Server
}

// Start serves a new lab on addr. When addr's port is 8401 and taken, it
// falls back to a free port on 127.0.0.1. It also listens on 127.0.0.2 so a
// redirect can cross hosts; if that fails the redirect scenario is left out.
func Start(addr string, opts Options) (*Server, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		_, port, _ := net.SplitHostPort(addr)
		if port != "8401" {
			return nil, fmt.Errorf("lab: listen on %s: %w", addr, err)
		}
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return nil, fmt.Errorf("lab: listen: %w", err)
		}
	}
	return start(ln, New(opts)), nil
}

// start serves l on ln; tests use it to give the lab a clock first.
func start(ln net.Listener, l *Lab) *Server {
	s := &Server{URL: "http://" + ln.Addr().String(), Lab: l}
	l.setBase(s.URL)
	s.serve(ln)

	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() && tcp.IP.To4() != nil {
		alt, err := net.Listen("tcp", fmt.Sprintf("127.0.0.2:%d", tcp.Port))
		if err != nil {
			alt, err = net.Listen("tcp", "127.0.0.2:0")
		}
		if err == nil {
			s.AltURL = "http://" + alt.Addr().String()
			l.setAlt(s.AltURL)
			s.serve(alt)
		}
	}
	return s
}

func (s *Server) serve(ln net.Listener) {
	hs := &http.Server{
		Handler:           s.Lab.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	s.servers = append(s.servers, hs)
	go func() { _ = hs.Serve(ln) }()
}

// Close stops the listeners and closes open connections.
func (s *Server) Close() error {
	var errs []error
	for _, hs := range s.servers {
		if err := hs.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Scenarios lists the practice cases against this server.
func (s *Server) Scenarios() []Scenario { return s.Lab.Scenarios(s.URL) }

// PrintTable writes what `authlens lab` shows on start: where the lab is,
// then each scenario with its status codes, its URL and a curl command for
// the failing request and for the fix.
func (s *Server) PrintTable(w io.Writer) error {
	es := s.Lab.entries(s.URL)
	var b strings.Builder
	fmt.Fprintf(&b, "authlens lab listening on %s (index: %s/)\n", s.URL, s.URL)
	if s.AltURL != "" {
		fmt.Fprintf(&b, "second host for the redirect scenario: %s\n", s.AltURL)
	}
	fmt.Fprintf(&b, "demo user %s / %s · proxy user %s / %s\n", DemoUser, DemoPass, ProxyUser, ProxyPass)
	fmt.Fprintf(&b, "the scenarios as JSON: curl -H 'Accept: application/json' %s/\n\n", s.URL)

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tSCENARIO\tCAUSE\tSTATUS\tREQUEST")
	for i, e := range es {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d → %d\t%s %s\n", i+1, e.ID, e.Cause, e.fails, e.succeeds,
			methodOf(e.Request.Method), e.Request.URL)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, e := range es {
		fmt.Fprintf(&b, "\n%d. %s — %s\n   %s\n", i+1, e.ID, e.Title, e.Goal)
		fmt.Fprintf(&b, "   fails: %s\n   fixed: %s\n", curl(e.Request), curl(e.Solution))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func methodOf(m string) string {
	if m == "" {
		return http.MethodGet
	}
	return strings.ToUpper(m)
}
