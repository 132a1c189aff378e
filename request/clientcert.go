package request

import (
	"bytes"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// ClientCertInfo describes the client certificate a request carried and
// what the server's handshake asked of it, for diagnosing mutual TLS.
// Paths and certificate names only: never the key or its password.
type ClientCertInfo struct {
	File      string    `json:"file,omitempty"`
	KeyFile   string    `json:"key_file,omitempty"`
	Subject   string    `json:"subject,omitempty"`
	Issuer    string    `json:"issuer,omitempty"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	// ExtKeyUsage lists what the certificate may be used for ("clientAuth",
	// "serverAuth"); empty when it does not say, which allows any use.
	ExtKeyUsage []string `json:"ext_key_usage,omitempty"`
	// Requested is set when the server asked for a certificate in the
	// handshake; Presented when one was sent in answer.
	Requested bool `json:"requested,omitempty"`
	Presented bool `json:"presented,omitempty"`
	// AcceptableCAs are the CAs the server said it trusts for client
	// certificates (their subjects), when it named any.
	AcceptableCAs []string `json:"acceptable_cas,omitempty"`
	// LoadError says why the certificate or key could not be used; the
	// request was then not sent.
	LoadError string `json:"load_error,omitempty"`
	// KeyMismatch is set when the private key is not the certificate's.
	KeyMismatch bool `json:"key_mismatch,omitempty"`
}

// MaxCAFiles bounds how many files --capath reads, so a directory named by
// mistake does not make every send slow.
const MaxCAFiles = 1000

// loadClientCert reads a's certificate and key: PEM (the key in the same
// file or in KeyFile, optionally encrypted) or PKCS#12. The info is filled
// as far as the files could be read, even when it fails.
func loadClientCert(a Auth) (*tls.Certificate, *ClientCertInfo, error) {
	info := &ClientCertInfo{File: a.CertFile, KeyFile: a.KeyFile}
	fail := func(err error) (*tls.Certificate, *ClientCertInfo, error) {
		info.LoadError = err.Error()
		return nil, info, err
	}
	data, err := ReadFileCapped(a.CertFile, MaxKeyFile, "a certificate file")
	if err != nil {
		return fail(fmt.Errorf("client certificate: %w", err))
	}
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		// Not PEM: curl's other common form is PKCS#12 (.p12, .pfx).
		key, leaf, chain, err := pkcs12.DecodeChain(data, a.CertPassword)
		if err != nil {
			if errors.Is(err, pkcs12.ErrIncorrectPassword) {
				return fail(fmt.Errorf("client certificate %s: wrong password for the PKCS#12 file", a.CertFile))
			}
			return fail(fmt.Errorf("client certificate %s: neither PEM nor a PKCS#12 file it can read: %v", a.CertFile, err))
		}
		fillClientCert(info, leaf)
		c := tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}
		for _, ic := range chain {
			c.Certificate = append(c.Certificate, ic.Raw)
		}
		if !publicKeyMatches(leaf, key) {
			info.KeyMismatch = true
			return fail(fmt.Errorf("client certificate %s: the private key in it does not match the certificate", a.CertFile))
		}
		return &c, info, nil
	}
	var certPEM, keyPEM []byte
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			certPEM = append(certPEM, pem.EncodeToMemory(b)...)
		} else if strings.Contains(b.Type, "PRIVATE KEY") {
			keyPEM = pem.EncodeToMemory(b)
		}
	}
	if len(certPEM) == 0 {
		return fail(fmt.Errorf("client certificate %s: no PEM CERTIFICATE block in it", a.CertFile))
	}
	if blk, _ := pem.Decode(certPEM); blk != nil {
		if leaf, err := x509.ParseCertificate(blk.Bytes); err == nil {
			fillClientCert(info, leaf)
		} else {
			return fail(fmt.Errorf("client certificate %s: %v", a.CertFile, err))
		}
	}
	keySource := a.CertFile
	if a.KeyFile != "" {
		kd, err := ReadFileCapped(a.KeyFile, MaxKeyFile, "a key file")
		if err != nil {
			return fail(fmt.Errorf("client key: %w", err))
		}
		keyPEM, keySource = kd, a.KeyFile
	}
	if len(keyPEM) == 0 {
		return fail(fmt.Errorf("client certificate %s holds no private key: give it with --key FILE", a.CertFile))
	}
	keyPEM, err = decryptKey(keyPEM, a.CertPassword, keySource)
	if err != nil {
		return fail(err)
	}
	c, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		if strings.Contains(err.Error(), "does not match") {
			info.KeyMismatch = true
			return fail(fmt.Errorf("client certificate: the private key in %s does not match the certificate in %s", keySource, a.CertFile))
		}
		return fail(fmt.Errorf("client certificate: %s with key %s: %v", a.CertFile, keySource, err))
	}
	return &c, info, nil
}

// decryptKey opens a key encrypted the old OpenSSL way (Proc-Type:
// 4,ENCRYPTED) with the password; a PKCS#8 encrypted key is named as such.
func decryptKey(keyPEM []byte, password, file string) ([]byte, error) {
	b, _ := pem.Decode(keyPEM)
	if b == nil {
		return nil, fmt.Errorf("client key %s: no PEM PRIVATE KEY block in it", file)
	}
	if b.Type == "ENCRYPTED PRIVATE KEY" {
		return nil, fmt.Errorf("client key %s is PKCS#8-encrypted, which authlens cannot open: decrypt it first (openssl pkey -in %s -out key.pem)", file, file)
	}
	//nolint:staticcheck // the legacy form is the one curl users have
	if !x509.IsEncryptedPEMBlock(b) {
		return keyPEM, nil
	}
	if password == "" {
		return nil, fmt.Errorf("client key %s is encrypted: give its password as --cert FILE:PASSWORD or --pass", file)
	}
	//nolint:staticcheck // as above
	der, err := x509.DecryptPEMBlock(b, []byte(password))
	if err != nil {
		return nil, fmt.Errorf("client key %s: wrong password", file)
	}
	return pem.EncodeToMemory(&pem.Block{Type: b.Type, Bytes: der}), nil
}

func publicKeyMatches(leaf *x509.Certificate, key any) bool {
	signer, ok := key.(crypto.Signer)
	if !ok {
		return false
	}
	pub, ok := signer.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(leaf.PublicKey)
}

func fillClientCert(info *ClientCertInfo, c *x509.Certificate) {
	info.Subject = c.Subject.String()
	info.Issuer = c.Issuer.String()
	info.NotBefore = c.NotBefore
	info.NotAfter = c.NotAfter
	for _, u := range c.ExtKeyUsage {
		switch u {
		case x509.ExtKeyUsageClientAuth:
			info.ExtKeyUsage = append(info.ExtKeyUsage, "clientAuth")
		case x509.ExtKeyUsageServerAuth:
			info.ExtKeyUsage = append(info.ExtKeyUsage, "serverAuth")
		case x509.ExtKeyUsageAny:
			info.ExtKeyUsage = append(info.ExtKeyUsage, "any")
		default:
			info.ExtKeyUsage = append(info.ExtKeyUsage, fmt.Sprintf("usage %d", u))
		}
	}
}

// caPool reads --cacert and --capath. Either replaces the system's CAs, as
// in curl; nil means the system's.
func caPool(caFile, caDir string) (*x509.CertPool, error) {
	if caFile == "" && caDir == "" {
		return nil, nil
	}
	pool := x509.NewCertPool()
	if caFile != "" {
		data, err := ReadFileCapped(caFile, MaxKeyFile, "a CA file")
		if err != nil {
			return nil, fmt.Errorf("--cacert: %w", err)
		}
		if !pool.AppendCertsFromPEM(data) {
			return nil, fmt.Errorf("--cacert %s: no PEM certificate in it", caFile)
		}
	}
	if caDir != "" {
		entries, err := os.ReadDir(caDir)
		if err != nil {
			return nil, fmt.Errorf("--capath: %w", err)
		}
		n := 0
		for _, e := range entries {
			if n >= MaxCAFiles {
				break
			}
			if e.IsDir() {
				continue
			}
			data, err := ReadFileCapped(filepath.Join(caDir, e.Name()), MaxKeyFile, "a CA file")
			if err != nil {
				continue // curl skips what it cannot read in the directory too
			}
			if pool.AppendCertsFromPEM(data) {
				n++
			}
		}
		if n == 0 && caFile == "" {
			return nil, fmt.Errorf("--capath %s: no PEM certificate in the directory", caDir)
		}
	}
	return pool, nil
}

// caNames turns the DER names a CertificateRequest lists into text.
func caNames(raw [][]byte) []string {
	var out []string
	for _, r := range raw {
		var seq pkix.RDNSequence
		if _, err := asn1.Unmarshal(r, &seq); err != nil {
			continue
		}
		var n pkix.Name
		n.FillFromRDNSequence(&seq)
		out = append(out, n.String())
	}
	sort.Strings(out)
	if len(out) > 16 {
		out = out[:16]
	}
	return out
}
