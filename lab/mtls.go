package lab

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/internal/pki"
	"github.com/authlens/authlens/request"
)

// The mutual-TLS endpoint answers as nginx with ssl_verify_client on does:
// the handshake asks for a certificate, and a missing or refused one gets
// nginx's 400 pages. It checks certificates on the lab's clock.
const (
	mtlsPath       = "/api/partner/balance"
	mtlsClientName = "partner-client"
)

// Client certificate files the lab writes for its scenarios, by role.
const (
	certGood    = "lab-client"
	certExpired = "lab-client-expired"
	certForeign = "other-ca-client"
	certServer  = "server-usage-client" // from the right CA, but for servers only
)

// mtlsEndpoint is the running mTLS listener and the files it hands out.
type mtlsEndpoint struct {
	url    string // https://127.0.0.1:PORT
	dir    string // holds the CA and the client certificates, mode 0600
	caFile string
	files  map[string][2]string // role: certificate file, key file
	pool   *x509.CertPool
}

// startMTLS serves the mTLS endpoint on host beside the lab's main
// listener. Any failure leaves the mTLS scenarios out.
func (s *Server) startMTLS(host string, l *Lab) {
	m, cert, err := newMTLSFiles(l.clock())
	if err != nil {
		return
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		os.RemoveAll(m.dir)
		return
	}
	m.url = "https://" + ln.Addr().String()
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		s.addrs = append(s.addrs, tcp)
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{cert},
		// Ask, and judge in the handler on the lab's clock, as nginx's
		// ssl_verify_client answers in HTTP.
		ClientAuth: tls.RequestClientCert,
		ClientCAs:  m.pool,
		MinVersion: tls.VersionTLS12,
	}
	s.mtlsDir = m.dir
	l.setMTLS(m)
	s.serve(tls.NewListener(ln, cfg), s.guardHost(http.HandlerFunc(l.partnerBalance)))
}

func newMTLSFiles(now time.Time) (*mtlsEndpoint, tls.Certificate, error) {
	ca, err := pki.NewCA("authlens lab client CA", now.Add(-time.Hour))
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	other, err := pki.NewCA("Some other CA", now.Add(-time.Hour))
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	dir, err := os.MkdirTemp("", "authlens-lab-certs-")
	if err != nil {
		return nil, tls.Certificate{}, err
	}
	m := &mtlsEndpoint{dir: dir, caFile: filepath.Join(dir, "lab-ca.crt"), files: map[string][2]string{}, pool: x509.NewCertPool()}
	m.pool.AddCert(ca.Cert)
	fail := func(err error) (*mtlsEndpoint, tls.Certificate, error) {
		os.RemoveAll(dir)
		return nil, tls.Certificate{}, err
	}
	if err := os.WriteFile(m.caFile, ca.PEM, 0o600); err != nil {
		return fail(err)
	}
	issue := []struct {
		role   string
		ca     *pki.CA
		nb, na time.Time
	}{
		{certGood, ca, now.Add(-time.Hour), now.AddDate(5, 0, 0)},
		{certExpired, ca, now.AddDate(0, 0, -60), now.AddDate(0, 0, -30)},
		{certForeign, other, now.Add(-time.Hour), now.AddDate(5, 0, 0)},
		{certServer, ca, now.Add(-time.Hour), now.AddDate(5, 0, 0)},
	}
	for _, is := range issue {
		c, err := is.ca.Client(mtlsClientName, is.nb, is.na)
		if is.role == certServer {
			c, err = is.ca.Server(is.nb, is.na)
		}
		if err != nil {
			return fail(err)
		}
		cf, kf, err := c.WriteFiles(dir, is.role)
		if err != nil {
			return fail(err)
		}
		m.files[is.role] = [2]string{cf, kf}
	}
	srv, err := ca.Server(now.Add(-time.Hour), now.AddDate(5, 0, 0))
	if err != nil {
		return fail(err)
	}
	cert, err := srv.TLS()
	if err != nil {
		return fail(err)
	}
	return m, cert, nil
}

func (l *Lab) setMTLS(m *mtlsEndpoint) {
	l.mu.Lock()
	l.mtls = m
	l.mu.Unlock()
}

func (l *Lab) mtlsEndpoint() *mtlsEndpoint {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.mtls
}

// nginx's own pages for a missing and a refused certificate, as
// testdata/realworld/nginx-mtls records them (with server_tokens off).
const (
	nginxNoCert = "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n" +
		"<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	nginxBadCert = "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n" +
		"<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)

func (l *Lab) partnerBalance(w http.ResponseWriter, r *http.Request) {
	discard(r)
	m := l.mtlsEndpoint()
	refuse := func(page string) {
		w.Header().Set("Server", "nginx")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, page)
	}
	if r.URL.Path != mtlsPath {
		http.NotFound(w, r)
		return
	}
	if m == nil || r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		refuse(nginxNoCert)
		return
	}
	inter := x509.NewCertPool()
	for _, c := range r.TLS.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	_, err := r.TLS.PeerCertificates[0].Verify(x509.VerifyOptions{
		Roots: m.pool, Intermediates: inter, CurrentTime: l.clock(),
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		refuse(nginxBadCert)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"client": r.TLS.PeerCertificates[0].Subject.CommonName, "balance": 1250, "currency": "EUR"})
}

// withCert presents the lab's certificate of role.
func (m *mtlsEndpoint) withCert(r request.Request, role string) request.Request {
	f := m.files[role]
	r.Auth = request.Auth{Scheme: request.SchemeClientCert, CertFile: f[0], KeyFile: f[1]}
	return r
}

// mtlsEntries are the mutual-TLS scenarios, when the endpoint runs.
func (l *Lab) mtlsEntries() []entry {
	m := l.mtlsEndpoint()
	if m == nil {
		return nil
	}
	get := request.Request{Method: http.MethodGet, URL: m.url + mtlsPath, CACert: m.caFile}
	good := m.withCert(get, certGood)
	return []entry{
		{Scenario{
			ID: "mtls-no-certificate", Cause: diagnose.ClientCertMissing,
			Title: "The partner API wants a client certificate",
			Goal: "This endpoint authenticates callers by mutual TLS: the handshake asks for a client certificate, and without one nginx answers 400. " +
				"Present the lab's client certificate (--cert " + filepath.Base(m.files[certGood][0]) + " --key " + filepath.Base(m.files[certGood][1]) + ").",
			Request: get, Solution: good,
		}, expected{400, 200}},
		{Scenario{
			ID: "mtls-expired-certificate", Cause: diagnose.ClientCertExpired,
			Title:   "The client certificate has expired",
			Goal:    "The certificate sent is the right client's, from the right CA, but its notAfter date has passed. Present the renewed one.",
			Request: m.withCert(get, certExpired), Solution: good,
		}, expected{400, 200}},
		{Scenario{
			ID: "mtls-unknown-ca", Cause: diagnose.ClientCertUntrusted,
			Title: "A client certificate from a CA the server does not trust",
			Goal: "The server names the CAs it accepts in its certificate request; this certificate was issued by another one. " +
				"Present the certificate the lab's client CA issued.",
			Request: m.withCert(get, certForeign), Solution: good,
		}, expected{400, 200}},
		{Scenario{
			ID: "mtls-server-certificate", Cause: diagnose.ClientCertRejected,
			Title: "A certificate not made for clients",
			Goal: "The certificate is from the right CA and in date, but its extended key usage says serverAuth only, so the server will not take it from a client. " +
				"Present a certificate issued for client authentication.",
			Request: m.withCert(get, certServer), Solution: good,
		}, expected{400, 200}},
	}
}

// mtlsCredentials are the lab's client certificates, to switch between.
func (l *Lab) mtlsCredentials() []request.Credential {
	m := l.mtlsEndpoint()
	if m == nil {
		return nil
	}
	cred := func(name, role string) request.Credential {
		f := m.files[role]
		// The lab's certificates are for its mTLS endpoint alone.
		return request.Credential{Name: name, Auth: request.Auth{Scheme: request.SchemeClientCert, CertFile: f[0], KeyFile: f[1]},
			Origins: []string{request.OriginOf(m.url)}}
	}
	return []request.Credential{
		cred("lab client certificate", certGood),
		cred("lab client certificate (expired)", certExpired),
		cred("client certificate from another CA", certForeign),
	}
}
