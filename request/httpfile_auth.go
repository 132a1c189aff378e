package request

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The JetBrains HTTP Client keeps OAuth 2 configurations in the
// environment files, under "Security": {"Auth": {"ID": {…}}}, and a
// request takes the token with {{$auth.token("ID")}} (or the OpenID
// Connect id_token with {{$auth.idToken("ID")}}). authlens adds one type
// of its own, "Command": {"Type": "Command", "Command": "gh auth token"}
// takes the token from what a command prints, as --auth-command does.

// LoadHTTPAuth reads the Security.Auth configurations that apply to
// envName: those of "$shared" and then of envName, from
// http-client.env.json and then http-client.private.env.json, merged key
// by key so that a secret can live in the private file alone. A
// configuration's command is noted with the file that wrote it.
func LoadHTTPAuth(dir, envName string) (map[string]map[string]any, error) {
	files, err := readEnvFiles(dir)
	if err != nil {
		return nil, err
	}
	var out map[string]map[string]any
	for _, section := range []string{"$shared", envName} {
		for _, file := range files {
			raw, ok := file.envs[section]
			if !ok || section == "" {
				continue
			}
			var env struct {
				Security struct {
					Auth map[string]map[string]any `json:"Auth"`
				} `json:"Security"`
			}
			if json.Unmarshal(raw, &env) != nil {
				continue // not a section, or no usable Security part
			}
			for id, cfg := range env.Security.Auth {
				if out == nil {
					out = map[string]map[string]any{}
				}
				if out[id] == nil {
					out[id] = map[string]any{}
				}
				maps.Copy(out[id], cfg)
				if _, ok := cfg["Command"]; ok {
					out[id][commandFrom] = file.name
				}
			}
		}
	}
	return out, nil
}

// commandFrom is the key LoadHTTPAuth keeps a command's file under; no
// JetBrains key starts with "$".
const commandFrom = "$command file"

// TokenNeed is a flow or a command whose token a request uses and does
// not have yet.
type TokenNeed struct {
	ID   string // the configuration's name in Security.Auth
	Flow Flow
	// Command, when set, prints the token; From is the environment file
	// that names it. It runs only once the user has said yes.
	Command, From string
}

func (n TokenNeed) String() string {
	if n.Command != "" {
		return fmt.Sprintf("the command %q (Security.Auth %q in %s)", n.Command, n.ID, n.From)
	}
	return fmt.Sprintf("the OAuth 2 flow %q (%s)", n.ID, n.Flow.Grant)
}

// CommandToken runs the need's command, as --auth-command runs its own.
func (n TokenNeed) CommandToken(ctx context.Context) (Token, error) {
	tok, err := TokenFromCommand(ctx, n.Command)
	if err != nil {
		return Token{}, fmt.Errorf("Security.Auth %q: %w", n.ID, err)
	}
	return Token{AccessToken: tok, TokenType: "Bearer"}, nil
}

// TokenNeededError says which flows must run before a request can be
// built; Values.Tokens then carries their tokens.
type TokenNeededError struct {
	Label string
	Needs []TokenNeed
}

func (e *TokenNeededError) Error() string {
	from := make([]string, len(e.Needs))
	for i, n := range e.Needs {
		from[i] = n.String()
	}
	return fmt.Sprintf("%s needs a token from %s", e.Label, strings.Join(from, " and "))
}

// needTokenError is a token reference with no token yet.
type needTokenError struct{ need TokenNeed }

func (e *needTokenError) Error() string {
	if e.need.Command != "" {
		return fmt.Sprintf("the request takes its token from %s, which runs once you allow it", e.need)
	}
	return fmt.Sprintf("the request takes its token from the OAuth 2 flow %q, which runs when its .http file is opened", e.need.ID)
}

var authRef = regexp.MustCompile(`^\$auth\.(token|idToken)\(\s*"([^"]*)"\s*\)$`)

// authToken resolves {{$auth.token("ID")}} and {{$auth.idToken("ID")}}.
func (res *resolver) authToken(name string, line, depth int, fail func(string, ...any) error) (string, error) {
	m := authRef.FindStringSubmatch(name)
	if m == nil {
		return "", fail(`{{%s}}: write {{$auth.token("ID")}} or {{$auth.idToken("ID")}} with ID a configuration of Security.Auth in http-client.env.json`, name)
	}
	kind, id := m[1], m[2]
	cfg, ok := res.opts.Auth[id]
	if !ok {
		known := slices.Sorted(maps.Keys(res.opts.Auth))
		if len(known) == 0 {
			return "", fail(`{{%s}}: no Security.Auth configuration %q in http-client.env.json (it has none)`, name, id)
		}
		return "", fail(`{{%s}}: no Security.Auth configuration %q in http-client.env.json (it has %s)`, name, id, strings.Join(known, ", "))
	}
	need, err := res.sourceOf(id, cfg, line, depth)
	if err != nil {
		return "", err
	}
	if kind == "idToken" && need.Command != "" {
		return "", fail(`{{%s}}: a command gives an access token, not an id_token: write {{$auth.token(%q)}}`, name, id)
	}
	tok, ok := res.tokens[id]
	if !ok {
		return "", &needTokenError{need: need}
	}
	v := tok.AccessToken
	if kind == "idToken" {
		if tok.IDToken == "" {
			return "", fail(`{{%s}}: the flow %q gave no id_token (ask for the openid scope)`, name, id)
		}
		v = tok.IDToken
	}
	res.noteSecret(v)
	return v, nil
}

// grantNames are the "Grant Type" values the JetBrains client writes, and
// the RFC's own names.
var grantNames = map[string]Grant{
	"client credentials":   GrantClientCredentials,
	"password":             GrantPassword,
	"authorization code":   GrantAuthCode,
	"device authorization": GrantDevice,
	"device code":          GrantDevice,
	"refresh token":        GrantRefresh,
}

// sourceOf reads a Security.Auth configuration: an OAuth 2 flow, or a
// command. A command is taken as written: {{variables}} in it would let
// a server's response or a shared file's value choose what the shell
// runs.
func (res *resolver) sourceOf(id string, cfg map[string]any, line, depth int) (TokenNeed, error) {
	if t, _ := cfg["Type"].(string); !strings.EqualFold(strings.TrimSpace(t), "Command") {
		f, err := res.flowOf(id, cfg, line, depth)
		return TokenNeed{ID: id, Flow: f}, err
	}
	cmd, _ := cfg["Command"].(string)
	if strings.TrimSpace(cmd) == "" {
		return TokenNeed{}, &FileError{File: res.file, Line: line,
			Msg: fmt.Sprintf(`Security.Auth %q: the type "Command" needs "Command", the command that prints the token, such as "gh auth token"`, id)}
	}
	from, _ := cfg[commandFrom].(string)
	return TokenNeed{ID: id, Command: strings.TrimSpace(cmd), From: from}, nil
}

// flowOf builds the flow a Security.Auth configuration describes; its
// values may hold {{variables}}.
func (res *resolver) flowOf(id string, cfg map[string]any, line, depth int) (Flow, error) {
	fail := func(format string, a ...any) error {
		return &FileError{File: res.file, Line: line, Msg: fmt.Sprintf("Security.Auth %q: ", id) + fmt.Sprintf(format, a...)}
	}
	var err error
	get := func(key string) string {
		v, ok := cfg[key]
		if !ok || err != nil {
			return ""
		}
		s, isString := v.(string)
		if !isString {
			err = fail("%q should be a string", key)
			return ""
		}
		s, err = res.expandDepth(s, line, depth+1)
		return strings.TrimSpace(s)
	}
	if t := get("Type"); t != "" && !strings.EqualFold(t, "OAuth2") {
		return Flow{}, fail("type %q is not one authlens runs (OAuth2, Command)", t)
	}
	gt := get("Grant Type")
	key := strings.ToLower(strings.NewReplacer("_", " ", "-", " ").Replace(gt))
	grant, ok := grantNames[key]
	switch {
	case err != nil:
		return Flow{}, err
	case key == "implicit":
		return Flow{}, fail("the implicit grant is not supported (RFC 9700 retires it): use \"Authorization Code\", which authlens runs with PKCE")
	case !ok:
		return Flow{}, fail("grant type %q is not one of Authorization Code, Client Credentials, Device Authorization, Password", gt)
	}
	f := Flow{Grant: grant, TokenURL: get("Token URL"), AuthURL: get("Auth URL"), DeviceURL: get("Device Auth URL"),
		ClientID: get("Client ID"), ClientSecret: get("Client Secret"), Scope: get("Scope"),
		Username: get("Username"), Password: get("Password")}
	switch how := strings.ToLower(get("Client Credentials")); how {
	case "", "basic":
	case "in body":
		f.SecretInBody = true
	case "none":
		f.ClientSecret = "" // a public client
	default:
		return Flow{}, fail(`"Client Credentials" is %q; it takes basic, in body or none`, how)
	}
	if params, ok := cfg["Custom Request Parameters"].(map[string]any); ok {
		if a, ok := params["audience"].(string); ok {
			f.Audience, err = res.expandDepth(a, line, depth+1)
		}
	}
	if r := get("Redirect URL"); r != "" && err == nil {
		err = setRedirect(&f, r, fail)
	}
	if err != nil {
		return Flow{}, err
	}
	res.noteSecret(f.ClientSecret)
	res.noteSecret(f.Password)
	if res.missing != nil && len(*res.missing) > 0 {
		return f, nil // checked once its values are known
	}
	if err := f.Validate(); err != nil {
		return Flow{}, fail("%v", err)
	}
	return f, nil
}

// setRedirect keeps a loopback redirect URL's host, port and path, so the
// flow sends the redirect_uri the client was registered with.
func setRedirect(f *Flow, raw string, fail func(string, ...any) error) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fail("the redirect URL %q is not an http://localhost or http://127.0.0.1 address, where authlens can listen", raw)
	}
	f.RedirectHost = u.Hostname()
	if p := u.Port(); p != "" {
		if f.RedirectPort, err = strconv.Atoi(p); err != nil || f.RedirectPort > 65535 {
			return fail("the redirect URL %q has a bad port", raw)
		}
	}
	if u.Path != "" {
		f.RedirectPath = u.Path
	}
	if h := f.RedirectHost; h != "localhost" && net.ParseIP(h) == nil {
		return fail("the redirect URL %q goes to %s: authlens can take the redirect only on this machine (localhost, 127.0.0.1)", raw, h)
	}
	return nil
}

// flowNote is what the request list says of entry i taking its token
// from the flow id, or the problem with the flow's configuration.
func (f *HTTPFile) flowNote(i int, id string) (note string, problem error) {
	line := f.raws[i].line
	cfg, ok := f.opts.Auth[id]
	if !ok {
		return "", &FileError{File: f.Path, Line: line, Msg: fmt.Sprintf(`{{$auth.token(%q)}}: no Security.Auth configuration %q in http-client.env.json`, id, id)}
	}
	var missing, secrets []string
	res := &resolver{file: f.Path, vars: f.vars, varLine: f.varLine, opts: f.opts, names: f.namedBefore(i),
		missing: &missing, secrets: &secrets, keepDynamic: true}
	need, err := res.sourceOf(id, cfg, line, 0)
	if err != nil {
		return "", err
	}
	if need.Command != "" {
		return fmt.Sprintf("its token comes from %s, run once you allow it", need), nil
	}
	return fmt.Sprintf("its token comes from %s, run when the request is loaded", need), nil
}
