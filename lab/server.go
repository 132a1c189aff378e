package lab

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/authlens/authlens/request"
)

// DefaultAddr is where the lab listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8401"

// Server is a running lab.
type Server struct {
	URL    string // http://127.0.0.1:PORT
	AltURL string // the second loopback listener for the redirect scenario; "" if none
	Lab    *Lab

	servers []*http.Server
	addrs   []*net.TCPAddr // where it listens, for the Host check
	asked   string         // the address it was asked for, as the user wrote it
	mtlsDir string         // the mTLS scenarios' certificate files, removed on Close
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
	s := start(ln, New(opts))
	s.asked = addr
	return s, nil
}

// start serves l on ln; tests use it to give the lab a clock first.
func start(ln net.Listener, l *Lab) *Server {
	s := &Server{URL: "http://" + ln.Addr().String(), Lab: l}
	l.setBase(s.URL)
	lns := []net.Listener{ln}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() && tcp.IP.To4() != nil {
		alt, err := net.Listen("tcp", fmt.Sprintf("127.0.0.2:%d", tcp.Port))
		if err != nil {
			alt, err = net.Listen("tcp", "127.0.0.2:0")
		}
		if err == nil {
			s.AltURL = "http://" + alt.Addr().String()
			l.setAlt(s.AltURL)
			lns = append(lns, alt)
		}
	}
	for _, ln := range lns {
		if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
			s.addrs = append(s.addrs, tcp)
		}
	}
	// The mTLS listener joins s.addrs before anything is served: the
	// host guard reads them on every request.
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		s.startMTLS(tcp.IP.String(), l)
	}
	h := s.guardHost(l.Handler())
	for _, ln := range lns {
		s.serve(ln, h)
	}
	return s
}

func (s *Server) serve(ln net.Listener, h http.Handler) {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
	}
	s.servers = append(s.servers, hs)
	go func() { _ = hs.Serve(ln) }()
}

// guardHost answers only requests addressed to the lab by a name it
// owns. A page on another site whose name an attacker points at 127.0.0.1
// (DNS rebinding) reaches the lab with that name in Host; without this it
// could read the demo tokens, and the index would build its URLs on the
// attacker's name.
func (s *Server) guardHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A request in proxy form names its target, not the lab, and the
		// proxy forwards only to the lab itself; browsers never send one.
		proxied := r.Method == http.MethodConnect || !strings.HasPrefix(r.RequestURI, "/") && r.RequestURI != "*"
		if !proxied && !s.ownHost(r.Host) {
			discard(r)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusMisdirectedRequest)
			fmt.Fprintf(w, "421 Misdirected Request: the authlens lab answers only requests addressed to %s or localhost, not to Host %q; "+
				"a name that is not its own may be another site's page pointed at this machine\n",
				s.shownAddr(), r.Host)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// shownAddr is where to address the lab, for the 421's explanation.
func (s *Server) shownAddr() string {
	if len(s.addrs) > 0 && s.addrs[0].IP.IsUnspecified() {
		return fmt.Sprintf("one of this machine's IP addresses at port %d", s.addrs[0].Port)
	}
	return strings.TrimPrefix(s.URL, "http://")
}

// ownHost: host names a listener's port and either localhost, a loopback
// address, or the listener's own address. A listener on every interface
// takes any IP address: rebinding needs a name, so an address is safe.
func (s *Server) ownHost(host string) bool {
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		name, port = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), "80"
	}
	ip := net.ParseIP(name)
	for _, a := range s.addrs {
		if port != strconv.Itoa(a.Port) {
			continue
		}
		switch {
		case strings.EqualFold(name, "localhost"):
			return true
		case ip == nil:
			continue
		case ip.IsLoopback() || ip.Equal(a.IP) || a.IP.IsUnspecified():
			return true
		}
	}
	return false
}

// Warning is what to tell the user when the lab listens beyond this
// machine, or "" when every listener is on loopback.
func (s *Server) Warning() string {
	for _, a := range s.addrs {
		if a.IP.IsLoopback() {
			continue
		}
		where := "on " + a.String()
		if a.IP.IsUnspecified() {
			// Go reports 0.0.0.0 as [::]; say it as the user wrote it.
			shown := a.String()
			if h, _, err := net.SplitHostPort(s.asked); err == nil && net.ParseIP(h) != nil && net.ParseIP(h).IsUnspecified() {
				shown = net.JoinHostPort(h, strconv.Itoa(a.Port))
			}
			where = "on " + shown + ", every network interface of this machine"
		}
		return fmt.Sprintf("WARNING: the authlens lab is listening %s. Anyone who can reach it can read its demo tokens, "+
			"passwords and keys (the index lists them) and use its proxy. To keep it to this machine, run: authlens lab --addr 127.0.0.1:%d",
			where, a.Port)
	}
	return ""
}

// Close stops the listeners and closes open connections.
func (s *Server) Close() error {
	var errs []error
	for _, hs := range s.servers {
		if err := hs.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if s.mtlsDir != "" {
		if err := os.RemoveAll(s.mtlsDir); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Scenarios lists the practice cases against this server.
func (s *Server) Scenarios() []Scenario { return s.Lab.Scenarios(s.URL) }

// Scenario mints one scenario against this server, now.
func (s *Server) Scenario(id string) (Scenario, bool) { return s.Lab.Scenario(s.URL, id) }

// Credentials are the demo credentials, minted now.
func (s *Server) Credentials() []request.Credential { return s.Lab.Credentials() }

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
