package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/authlens/authlens/request"
	"github.com/authlens/authlens/ui/textview"
)

// The OAuth 2 flow the inspector was started with (--oauth2-*): `O` runs
// it, and its token goes into the request and the saved credentials. The
// user's grants (authorization code, device) show a screen while they wait
// for the user; every network step is a command that esc cancels.

// FlowCredential names the saved credential a flow's token goes into.
func FlowCredential(f request.Flow) string { return "OAuth2 " + string(f.Grant) + " token" }

// tokenStage is what the token screen shows.
type tokenStage int

const (
	tokenWorking tokenStage = iota // a request to the token endpoint is out
	tokenBrowser                   // waiting for the browser's redirect
	tokenDevice                    // showing the user code while polling
)

// tokenPane is the screen of a flow in progress.
type tokenPane struct {
	common Common
	flow   request.Flow
	stage  tokenStage

	authURL, redirect string
	opened            bool   // the system browser was started
	browserNote       string // why it was not

	device   request.DeviceAuth
	polls    int
	lastPoll string // what the latest poll got
	interval int
	now      time.Time
}

func newTokenPane(c Common) *tokenPane { return &tokenPane{common: c} }

func (p *tokenPane) SetSize(w, h int) { p.common.SetSize(w, h) }

// Capturing: c and esc are the pane's own.
func (p *tokenPane) Capturing() bool { return true }

func (p *tokenPane) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(km, p.common.KeyMap.Overlay.Close):
		return chooseCmd(flowCancelMsg{})
	case km.String() == "c":
		link := p.authURL
		if p.stage == tokenDevice {
			link = cmpOr(p.device.VerificationURIComplete, p.device.VerificationURI)
		}
		if link == "" {
			return nil
		}
		return tea.Batch(tea.SetClipboard(link), chooseCmd(statusMsg{text: "link sent to the terminal's clipboard (OSC 52); some terminals drop it"}))
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (p *tokenPane) View() string {
	st := p.common.Styles
	w, _ := inner(p.common.Width, p.common.Height)
	var text []string
	switch p.stage {
	case tokenBrowser:
		head := "Opened your browser to sign in. If it did not come up, open this address:"
		if !p.opened {
			head = "No browser to open here (" + p.browserNote + "). Open this address on this machine:"
		}
		text = append(text, st.Label.Render("Sign in with your browser"), "")
		text = append(text, textview.WrapLines([]string{st.Muted.Render(head)}, w)...)
		text = append(text, textview.WrapLines([]string{st.Value.Render(clean(p.authURL))}, w)...)
		text = append(text, "")
		text = append(text, textview.WrapLines([]string{
			"Waiting for the redirect to " + clean(p.redirect) + " (PKCE S256, state checked).",
			st.Muted.Render("c copies the address (OSC 52) · esc cancels"),
		}, w)...)
	case tokenDevice:
		left := "expired"
		if d := p.device.Expires.Sub(p.now); d > 0 {
			left = fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
		}
		status := "waiting for the first poll"
		if p.polls > 0 {
			status = fmt.Sprintf("%d polls, last: %s", p.polls, p.lastPoll)
		}
		text = append(text, st.Label.Render("Sign in on another device"), "")
		text = append(text, textview.WrapLines([]string{
			st.Muted.Render("On any device, open"),
			"  " + st.Value.Render(clean(p.device.VerificationURI)),
			st.Muted.Render("and enter the code"),
			"  " + st.Good.Render(clean(p.device.UserCode)),
			"",
			fmt.Sprintf("Expires in %s · polling every %d s · %s", left, p.interval, clean(status)),
			st.Muted.Render("c copies the link with the code · esc cancels"),
		}, w)...)
	default:
		text = append(text, st.Label.Render("Getting a token"), "")
		text = append(text, textview.WrapLines([]string{
			"Asking " + clean(request.RedactURLsIn(p.flow.TokenURL)) + " (" + string(p.flow.Grant) + " grant)…",
			st.Muted.Render("esc cancels"),
		}, w)...)
	}
	return st.box("OAuth 2 · "+string(p.flow.Grant), text, p.common.Width, p.common.Height, true)
}

func (p *tokenPane) ShortHelp() []key.Binding {
	c := key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy link"))
	if p.stage == tokenWorking {
		return []key.Binding{terse(p.common.KeyMap.Overlay.Close, "cancel")}
	}
	return []key.Binding{c, terse(p.common.KeyMap.Overlay.Close, "cancel")}
}

func (p *tokenPane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

var _ overlayPane = (*tokenPane)(nil)

func flowTokenCmd(ctx context.Context, client *request.Client, id int, f request.Flow, resend *request.Request) tea.Cmd {
	return func() tea.Msg {
		tok, xs, err := client.FlowToken(ctx, f)
		return flowDoneMsg{id: id, tok: tok, xs: xs, err: err, resend: resend}
	}
}

func waitPoll(id int, ch <-chan request.Exchange) tea.Cmd {
	return func() tea.Msg {
		x, ok := <-ch
		if !ok {
			return nil
		}
		return devicePollMsg{id: id, x: x, more: ch}
	}
}

func deviceTick(id int) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return deviceTickMsg{id: id} })
}

// pollSays is one poll's answer in a few words.
func pollSays(x request.Exchange) string {
	switch {
	case x.Error != nil:
		return x.Error.Error()
	case x.OK():
		return "approved"
	}
	for _, code := range []string{"authorization_pending", "slow_down", "expired_token", "access_denied"} {
		if strings.Contains(x.Response.Body, `"`+code+`"`) {
			return code
		}
	}
	return fmt.Sprintf("%d", x.Status())
}

// renewMargin matches the token cache's own, so the cache renews too.
const renewMargin = 30 * time.Second

// systemBrowser opens url in the user's browser when there is one to
// open, and otherwise says why not. The URL is an argument, never a shell
// word.
func systemBrowser(url string) string {
	var cmd *exec.Cmd
	switch {
	case os.Getenv("BROWSER") != "":
		cmd = exec.Command(os.Getenv("BROWSER"), url)
	case runtime.GOOS == "darwin":
		cmd = exec.Command("open", url)
	case runtime.GOOS == "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "":
		return "no display"
	default:
		p, err := exec.LookPath("xdg-open")
		if err != nil {
			return "xdg-open not found"
		}
		cmd = exec.Command(p, url)
	}
	if err := cmd.Start(); err != nil {
		return clean(err.Error())
	}
	go func() { _ = cmd.Wait() }()
	return ""
}
