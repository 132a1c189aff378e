package request

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ClientCredentials is an OAuth 2.0 client credentials grant (RFC 6749
// §4.4): the client authenticates with its id and secret and gets an
// access token for Scope.
type ClientCredentials struct {
	TokenURL     string `json:"token_url"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Scope        string `json:"scope,omitempty"`
	Audience     string `json:"audience,omitempty"` // Auth0 and others want it
	// SecretInBody sends id and secret as form fields instead of HTTP
	// Basic, for servers that only accept client_secret_post.
	SecretInBody bool `json:"secret_in_body,omitempty"`
}

// Flow is the grant ClientCredentials describes.
func (cc ClientCredentials) Flow() Flow {
	return Flow{Grant: GrantClientCredentials, TokenURL: cc.TokenURL, ClientID: cc.ClientID, ClientSecret: cc.ClientSecret,
		Scope: cc.Scope, Audience: cc.Audience, SecretInBody: cc.SecretInBody}
}

// Token is an access token and when it stops being usable.
type Token struct {
	AccessToken string    `json:"access_token"`
	TokenType   string    `json:"token_type,omitempty"`
	Scope       string    `json:"scope,omitempty"`
	Expires     time.Time `json:"expires,omitzero"` // zero: the server did not say
	// RefreshToken, when the grant gave one, renews the access token.
	RefreshToken string `json:"refresh_token,omitempty"`
	// IDToken is OpenID Connect's id_token, when the grant gave one.
	IDToken string `json:"id_token,omitempty"`
}

// Secrets are the token's values, for masking wherever they are quoted.
func (t Token) Secrets() []string {
	var out []string
	for _, s := range []string{t.AccessToken, t.RefreshToken, t.IDToken} {
		if len(strings.TrimSpace(s)) >= minSecret {
			out = append(out, s)
		}
	}
	return out
}

// tokenSkew renews a cached token a little before it expires, so a request
// does not leave with a token that dies in flight.
const tokenSkew = 30 * time.Second

type tokenCache struct {
	mu     sync.Mutex
	tokens map[Flow]Token
}

// ClientToken returns a cached token for cc while it is still valid, and
// otherwise asks the token endpoint. The Exchange is the token request (its
// zero value when the cache answered), for the diagnosis to show.
func (c *Client) ClientToken(ctx context.Context, cc ClientCredentials) (Token, Exchange, error) {
	t, xs, err := c.FlowToken(ctx, cc.Flow())
	return t, lastOf(xs), err
}

func lastOf(xs []Exchange) Exchange {
	if len(xs) == 0 {
		return Exchange{}
	}
	return xs[len(xs)-1]
}

// ForgetTokens empties the token cache, for when the server revoked them.
func (c *Client) ForgetTokens() {
	c.tokens.mu.Lock()
	c.tokens.tokens = nil
	c.tokens.mu.Unlock()
}

// Refresh describes how to get a new token when the current one expired:
// the request to send and where the token sits in the JSON answer.
type Refresh struct {
	Request Request `json:"request"`
	// TokenPath is a dot path into the JSON response ("access_token",
	// "data.token", "tokens.0.value"); empty means "access_token".
	TokenPath string `json:"token_path,omitempty"`
	// Origins, when set, are the only origins the new token may be sent
	// to (the lab's flow gets a lab token); empty means any.
	Origins []string `json:"origins,omitempty"`
}

// RefreshToken sends rf.Request and takes the new token from its answer.
func (c *Client) RefreshToken(ctx context.Context, rf Refresh) (Token, Exchange, error) {
	x := c.Send(ctx, rf.Request)
	path := rf.TokenPath
	if path == "" {
		path = "access_token"
	}
	t, err := tokenFrom(x, path, c.clock())
	if err != nil {
		return Token{}, x, rf.Request.scrubError(fmt.Errorf("refresh from %s: %w", rf.Request.URL, err))
	}
	return t, x, nil
}

// tokenFrom reads a token from a token endpoint's answer, with errors that
// say what the server said (RFC 6749 §5.2 error and error_description).
func tokenFrom(x Exchange, path string, now time.Time) (Token, error) {
	if x.Error != nil {
		return Token{}, x.Error
	}
	var doc any
	dec := json.NewDecoder(strings.NewReader(x.Response.Body))
	dec.UseNumber()
	jsonErr := dec.Decode(&doc)
	if x.Status() < 200 || x.Status() > 299 {
		if m, ok := doc.(map[string]any); ok && jsonErr == nil {
			if e, _ := m["error"].(string); e != "" {
				if d, _ := m["error_description"].(string); d != "" {
					return Token{}, fmt.Errorf("the server answered %d %s: %s", x.Status(), e, d)
				}
				return Token{}, fmt.Errorf("the server answered %d %s", x.Status(), e)
			}
		}
		return Token{}, fmt.Errorf("the server answered %d %s", x.Status(), x.Response.Reason)
	}
	if jsonErr != nil {
		return Token{}, fmt.Errorf("the answer is not JSON: %v", jsonErr)
	}
	v, ok := jsonPath(doc, path)
	tok, _ := v.(string)
	if !ok || tok == "" {
		return Token{}, fmt.Errorf("no token at %q in the answer", path)
	}
	t := Token{AccessToken: tok}
	if m, ok := doc.(map[string]any); ok {
		t.TokenType, _ = m["token_type"].(string)
		t.Scope, _ = m["scope"].(string)
		if n, ok := m["expires_in"].(json.Number); ok {
			if secs, err := n.Float64(); err == nil && secs > 0 {
				t.Expires = now.Add(time.Duration(secs * float64(time.Second)))
			}
		}
	}
	return t, nil
}

// jsonPath walks a dot path through objects and arrays.
func jsonPath(doc any, path string) (any, bool) {
	cur := doc
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[part]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func (c *Client) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}
