package request

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// MaxCommandOutput bounds what a credential command may print.
const MaxCommandOutput = 64 << 10

// CommandTimeout is how long a credential command may run.
const CommandTimeout = 30 * time.Second

// TokenFromCommand runs cmd in the shell, as git's and docker's credential
// helpers are run, and takes what it prints as a token. The output is a
// secret: no error quotes it. A failure is one line: the exit status and
// the first line the command wrote to stderr.
func TokenFromCommand(ctx context.Context, cmd string) (string, error) {
	if strings.TrimSpace(cmd) == "" {
		return "", errors.New("no command given: name one that prints the token, such as 'gh auth token'")
	}
	ctx, cancel := context.WithTimeout(ctx, CommandTimeout)
	defer cancel()
	var c *exec.Cmd
	if runtime.GOOS == "windows" {
		c = exec.CommandContext(ctx, "cmd", "/c", cmd)
	} else {
		c = exec.CommandContext(ctx, "sh", "-c", cmd)
	}
	var out, errOut capped
	out.max, errOut.max = MaxCommandOutput, 4<<10
	c.Stdout, c.Stderr, c.Stdin = &out, &errOut, nil
	ownGroup(c)
	// Should a child have left the group and kept the output open,
	// stopping does not wait for it.
	c.WaitDelay = time.Second
	err := c.Run()
	switch ctx.Err() {
	case context.DeadlineExceeded:
		return "", fmt.Errorf("the command did not finish within %s", CommandTimeout)
	case context.Canceled:
		return "", fmt.Errorf("the command was stopped: %w", context.Canceled)
	}
	if err != nil {
		msg := err.Error()
		if line := firstLine(errOut.String()); line != "" {
			msg += ": " + line
		}
		return "", fmt.Errorf("the command failed: %s", msg)
	}
	if out.over {
		return "", fmt.Errorf("the command printed more than %s; it should print just the token", sizeText(MaxCommandOutput))
	}
	tok := strings.TrimSpace(out.String())
	switch {
	case tok == "":
		return "", errors.New("the command printed nothing: it should print the token")
	case strings.ContainsAny(tok, "\r\n\x00"):
		return "", errors.New("the command printed more than one line: it should print just the token")
	}
	return tok, nil
}

// TokenFromEnv reads a token from the environment variable name.
func TokenFromEnv(name string) (string, error) {
	v, ok := os.LookupEnv(name)
	switch {
	case name == "" || strings.ContainsAny(name, "=\x00"):
		return "", fmt.Errorf("--auth-env needs the name of an environment variable, such as API_TOKEN")
	case !ok:
		return "", fmt.Errorf("--auth-env: $%s is not set", name)
	case strings.TrimSpace(v) == "":
		return "", fmt.Errorf("--auth-env: $%s is empty", name)
	case strings.ContainsAny(strings.TrimSpace(v), "\r\n\x00"):
		return "", fmt.Errorf("--auth-env: $%s holds a line break", name)
	}
	return strings.TrimSpace(v), nil
}

// firstLine is the first non-blank line of s, made safe to print.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return cutText(Printable(l), maxErrorText)
		}
	}
	return ""
}

// capped keeps the first max bytes written and notes more.
type capped struct {
	bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); room < len(p) {
		c.over = true
		if room > 0 {
			c.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return c.Buffer.Write(p)
}

var _ io.Writer = (*capped)(nil)
