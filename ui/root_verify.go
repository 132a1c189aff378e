package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
)

// openVerify asks for the key to check the JWT with.
func (m *Model) openVerify() tea.Cmd {
	m.overlays.open(m.verifier)
	return m.verifier.Open(m.sig, m.reveal, issuerURL(m.request.jwt))
}

// onVerifyLoad starts reading or fetching the key typed; esc cancels it.
func (m *Model) onVerifyLoad(msg verifyLoadMsg) tea.Cmd {
	m.sigID++
	ctx, cancel := context.WithTimeout(context.Background(), request.DefaultTimeout)
	m.verifier.Done()
	m.verifier.loading, m.verifier.cancel = true, cancel
	if isKeyURL(msg.arg) {
		m.setStatus("fetching the JWKS…", false)
	}
	if iss, ok := strings.CutPrefix(msg.arg, discoverPrefix); ok {
		m.setStatus("reading "+request.DiscoveryURL(iss)+"…", false)
	}
	return loadKeyCmd(ctx, m.opts.Client, m.sigID, msg.arg)
}

// onKeyLoaded puts a key to use, or says why it cannot be, keeping what was
// typed so it can be corrected.
func (m *Model) onKeyLoaded(msg keyLoadedMsg) {
	if msg.id != m.sigID {
		return
	}
	m.verifier.Done()
	if msg.err != nil {
		m.setStatus("signature check: "+clean(msg.err.Error()), true)
		return
	}
	if m.overlays.showing(m.verifier) {
		m.overlays.closeAll()
	}
	m.setSig(msg.check)
	m.setStatus(m.sigStatus(), false)
}

// onVerifyCanceled drops the load in flight; its result will be stale.
func (m *Model) onVerifyCanceled() {
	m.sigID++
	m.overlays.closeAll()
	m.setStatus("key not loaded: canceled", false)
}

// onVerifyOff stops checking signatures.
func (m *Model) onVerifyOff() {
	m.overlays.closeAll()
	m.verifier.input.SetValue("")
	m.setSig(sigCheck{})
	m.setStatus("signature check off", false)
}

// setSig uses a key from now on, and judges every attempt again with it:
// whether the token verifies changes what its refusal means.
func (m *Model) setSig(c sigCheck) {
	m.sig = c
	m.request.SetSig(c)
	m.sess.rediagnose(c.opts)
}

// sigStatus says what the key made of the token in the request pane.
func (m *Model) sigStatus() string {
	tok := m.request.jwt
	switch {
	case tok == nil:
		return "signature check on with " + m.sig.from + ": the request sends no JWT yet"
	case m.sig.verify(tok.Raw) == nil:
		return "the JWT verifies with " + m.sig.from
	}
	return "the JWT does not verify with " + m.sig.from + ": see the card"
}
