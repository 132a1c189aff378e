package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// sigCheck is the key the sent JWT is checked against: a secret or public
// key, or a JWKS document. The server never says which key it used, so this
// is how a user tells "signed with another key" from the other reasons a
// token is refused.
type sigCheck struct {
	opts diagnose.Options
	from string // how the key was given, for the card: "the secret you typed", "key.pem", "the JWKS at …"
}

func (s sigCheck) on() bool { return len(s.opts.JWTKey) > 0 || len(s.opts.JWKS) > 0 }

// verify checks a token with the key; nil means it verifies.
func (s sigCheck) verify(token string) error {
	if len(s.opts.JWKS) > 0 {
		return diagnose.VerifyJWTWithJWKS(token, s.opts.JWKS)
	}
	return diagnose.VerifyJWT(token, s.opts.JWTKey)
}

// loadKeyCmd turns what was typed into a key: a JWKS URL is fetched, @FILE
// is read, anything else is the secret itself. Files and the network are
// touched in the command, never in Update.
func loadKeyCmd(ctx context.Context, client *request.Client, id int, arg string) tea.Cmd {
	return func() tea.Msg {
		c, err := loadKey(ctx, client, arg)
		return keyLoadedMsg{id: id, check: c, err: err}
	}
}

func loadKey(ctx context.Context, client *request.Client, arg string) (sigCheck, error) {
	if iss, ok := strings.CutPrefix(arg, discoverPrefix); ok {
		return discoverKeys(ctx, client, iss)
	}
	switch {
	case isKeyURL(arg):
		jwks, err := fetchJWKS(ctx, client, arg)
		if err != nil {
			return sigCheck{}, err
		}
		return sigCheck{opts: diagnose.Options{JWKS: jwks}, from: "the JWKS of " + hostOf(arg)}, nil
	case strings.HasPrefix(arg, "@"):
		b, err := diagnose.LoadKey(arg)
		if err != nil {
			return sigCheck{}, err
		}
		return sigCheck{opts: diagnose.Options{JWTKey: b}, from: strings.TrimPrefix(arg, "@")}, nil
	}
	b, err := diagnose.LoadKey(arg)
	if err != nil {
		return sigCheck{}, err
	}
	return sigCheck{opts: diagnose.Options{JWTKey: b}, from: fmt.Sprintf("the secret you gave (%d bytes)", len(b))}, nil
}

// discoverPrefix marks a load that reads the issuer's discovery document
// first: only ever sent by ctrl+o, the user's go-ahead to contact it.
const discoverPrefix = "discover:"

// discoverKeys reads iss's OpenID Connect discovery document and the key
// set its jwks_uri names; the document is the evidence the check quotes.
func discoverKeys(ctx context.Context, client *request.Client, iss string) (sigCheck, error) {
	if client == nil {
		client = request.NewClient()
	}
	d, _, err := client.Discover(ctx, iss)
	if err != nil {
		return sigCheck{}, err
	}
	if d.JWKSURI == "" {
		return sigCheck{}, errors.New("the discovery document at " + d.URL + " names no jwks_uri")
	}
	jwks, err := fetchJWKS(ctx, client, d.JWKSURI)
	if err != nil {
		return sigCheck{}, err
	}
	src := "the JWKS at " + d.JWKSURI + ", named by the discovery document at " + d.URL
	return sigCheck{opts: diagnose.Options{JWKS: jwks, KeySource: src, Issuer: d.Issuer}, from: "the JWKS " + hostOf(iss) + "'s discovery document names"}, nil
}

// issuerURL is the JWT's iss when discovery can be read from it.
func issuerURL(tok *diagnose.JWT) string {
	if tok == nil || !isKeyURL(tok.Issuer) {
		return ""
	}
	if _, err := request.ParseURL(tok.Issuer); err != nil {
		return ""
	}
	return tok.Issuer
}

func isKeyURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// fetchJWKS gets a key set; it must be a JSON object with keys to be of use.
func fetchJWKS(ctx context.Context, client *request.Client, url string) ([]byte, error) {
	req := request.Request{Method: "GET", URL: url, Headers: []request.Header{{Name: "Accept", Value: "application/json"}}}
	var x request.Exchange
	if client != nil {
		x = client.Send(ctx, req)
	} else {
		x = request.Send(ctx, req)
	}
	switch {
	case x.Error != nil:
		return nil, fmt.Errorf("fetch the JWKS: %s", x.Error.Error())
	case !x.OK():
		return nil, fmt.Errorf("fetch the JWKS: the server answered %d", x.Status())
	}
	body := []byte(x.Response.Body)
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil || len(set.Keys) == 0 {
		return nil, errors.New("fetch the JWKS: the answer is not a key set (no \"keys\" list)")
	}
	return body, nil
}

// verifyPane asks for the key the JWT should verify with.
type verifyPane struct {
	common  Common
	input   textinput.Model
	reveal  bool
	current sigCheck
	loading bool
	cancel  context.CancelFunc
	// issuer is the sent JWT's iss when it is a URL: ctrl+o reads its
	// discovery document, with the user's go-ahead being the key press.
	issuer string
}

func newVerifyPane(c Common) *verifyPane {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "secret, @key.pem, or https://issuer/.well-known/jwks.json"
	in.EchoCharacter = '•'
	in.SetStyles(c.Styles.Input)
	return &verifyPane{common: c, input: in}
}

// Open starts the prompt; what was typed last time stays, so a wrong path
// can be corrected.
func (p *verifyPane) Open(current sigCheck, reveal bool, issuer string) tea.Cmd {
	p.current, p.reveal, p.issuer = current, reveal, issuer
	p.echo()
	p.input.CursorEnd()
	return p.input.Focus()
}

// echo masks a typed secret but shows a path or a URL, which are not.
func (p *verifyPane) echo() {
	v := p.input.Value()
	// While a URL is being typed ("htt", "http:/") it is shown too.
	if p.reveal || v == "" || strings.HasPrefix(v, "@") || isKeyURL(v) || strings.HasPrefix("https://", v) || strings.HasPrefix("http://", v) {
		p.input.EchoMode = textinput.EchoNormal
		return
	}
	p.input.EchoMode = textinput.EchoPassword
}

// Done ends a load, whatever its outcome.
func (p *verifyPane) Done() {
	p.loading = false
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
}

func (p *verifyPane) SetSize(w, h int) {
	p.common.SetSize(w, h)
	iw, _ := inner(w, h)
	p.input.SetWidth(max(1, iw-3))
}

// Capturing: the prompt is a text field.
func (p *verifyPane) Capturing() bool { return true }

// Update handles keys; enter starts a load through the root, which owns the
// request ids.
func (p *verifyPane) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, p.common.KeyMap.Edit.Leave):
			loading := p.loading
			p.Done()
			p.input.Blur()
			if loading {
				return chooseCmd(verifyCanceledMsg{})
			}
			return chooseCmd(closeOverlayMsg{})
		case km.String() == "ctrl+o" && p.issuer != "" && !p.loading:
			return chooseCmd(verifyLoadMsg{arg: discoverPrefix + p.issuer})
		case key.Matches(km, p.common.KeyMap.Edit.Commit):
			if p.loading {
				return nil
			}
			arg := strings.TrimSpace(p.input.Value())
			if arg == "" {
				if p.current.on() {
					return chooseCmd(verifyOffMsg{})
				}
				return errorCmd("type a secret, @FILE with a key, or a JWKS URL")
			}
			if isKeyURL(arg) {
				if _, err := request.ParseURL(arg); err != nil {
					return errorCmd("JWKS URL: " + clean(err.Error()))
				}
			}
			return chooseCmd(verifyLoadMsg{arg: arg})
		}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.echo()
	return cmd
}

func (p *verifyPane) View() string {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	now := "Not checking yet."
	if p.current.on() {
		now = "Checking with " + p.current.from + ". Enter on an empty line stops it."
	}
	if p.loading {
		now = "Loading the key…"
	}
	text := []string{
		st.Label.Render("Check the JWT's signature with your key"),
		"",
		p.input.View(),
		"",
	}
	text = append(text, textview.WrapLines([]string{
		st.Muted.Render("A server refuses a token signed with a key it does not hold, and rarely says so. Give the key the token should verify with: the shared secret (HS256/384/512), @FILE with that secret or a PEM public key, or the issuer's JWKS URL."),
		"",
		st.Value.Render(clean(now)),
		st.Muted.Render("The key stays in memory only: it is never saved or exported."),
	}, w)...)
	if p.issuer != "" {
		text = append(text, textview.WrapLines([]string{"", st.Value.Render("ctrl+o reads the key set from the discovery document of the token's issuer, " + clean(p.issuer) + " (this contacts it).")}, w)...)
	}
	return st.box("Verify JWT", text, p.common.Width, p.common.Height, true)
}

func (p *verifyPane) ShortHelp() []key.Binding {
	e := p.common.KeyMap.Edit
	return []key.Binding{terse(e.Commit, "check"), terse(e.Leave, "cancel")}
}

func (p *verifyPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

var _ overlayPane = (*verifyPane)(nil)

// sentJWT reports whether the request carried a JWT as its Bearer token.
func sentJWT(x request.Exchange) bool {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(x.Request.Headers.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	_, err := diagnose.DecodeJWT(strings.TrimSpace(tok))
	return err == nil
}
