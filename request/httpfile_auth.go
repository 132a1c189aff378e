package request

import (
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
// Connect id_token with {{$auth.idToken("ID")}}).

// LoadHTTPAuth reads the Security.Auth configurations that apply to
// envName: those of "$shared" and then of envName, from
// http-client.env.json and then http-client.private.env.json, merged key
// by key so that a secret can live in the private file alone.
func LoadHTTPAuth(dir, envName string) (map[string]map[string]any, error) {
	files, err := readEnvFiles(dir)
	if err != nil {
		return nil, err
	}
	var out map[string]map[string]any
	for _, section := range []string{"$shared", envName} {
		for _, envs := range files {
			raw, ok := envs[section]
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
			}
		}
	}
	return out, nil
}

// TokenNeed is a flow whose token a request uses and does not have yet.
type TokenNeed struct {
	ID   string // the configuration's name in Security.Auth
	Flow Flow
}

// TokenNeededError says which flows must run before a request can be
// built; Values.Tokens then carries their tokens.
type TokenNeededError struct {
	Label string
	Needs []TokenNeed
}

func (e *TokenNeededError) Error() string {
	ids := make([]string, len(e.Needs))
	for i, n := range e.Needs {
		ids[i] = fmt.Sprintf("%q (%s)", n.ID, n.Flow.Grant)
	}
	return fmt.Sprintf("%s needs a token from the OAuth 2 flow %s", e.Label, strings.Join(ids, ", "))
}

// needTokenError is a token reference with no token yet.
type needTokenError struct{ need TokenNeed }

func (e *needTokenError) Error() string {
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
	f, err := res.flowOf(id, cfg, line, depth)
	if err != nil {
		return "", err
	}
	tok, ok := res.tokens[id]
	if !ok {
		return "", &needTokenError{need: TokenNeed{ID: id, Flow: f}}
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
		return Flow{}, fail("type %q is not one authlens runs (OAuth2)", t)
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
	fl, err := res.flowOf(id, cfg, line, 0)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("its token comes from the OAuth 2 flow %q (%s), run when the request is loaded", id, fl.Grant), nil
}
