// Command authlens is an interactive inspector for failing HTTP requests: it
// sends a request, shows what came back, and says why it failed and how to
// fix it. See README.md for the tour.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// command is one sub-command: how it is called, its help, and what runs it.
type command struct {
	name  string
	usage string // the first line of its help
	help  string // the rest
	run   func(c *cli, args []string) (int, error)
	// flags, when set, are the command's own, listed after its help.
	flags func() flagSet
}

// cli is where a run reads and writes.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// commands are authlens's sub-commands; anything else opens the inspector.
// They are set in init because completion reads the table.
var commands []command

func init() {
	commands = []command{
		{"diagnose", "authlens diagnose [flags] URL|FILE.http|FILE.har|-",
			"Send the request once and print the diagnosis; --json prints one object for machines.\n" +
				"With no URL and a pipe on standard input, it reads a curl command or .http text from it.\n" +
				"Exit status: 0 for a 2xx or 3xx, 1 for an HTTP failure or no response, 2 for bad usage.\n\n" +
				requestFlagsHelp +
				"  client certificates and CAs as curl: --cert FILE[:PASSWORD] --key FILE --cacert FILE --capath DIR;\n" +
				"  credentials from ~/.netrc with --netrc. A body is read up to 32M unless --max-body says.\n",
			func(c *cli, args []string) (int, error) { return runDiagnose(args, c) },
			func() flagSet { return (&cliOptions{}).flags() }},
		{"lab", "authlens lab [--addr HOST:PORT] [--seed N]",
			"Serve the practice API alone (default 127.0.0.1:8401) and print its scenarios; ctrl+c stops it.\n",
			func(c *cli, args []string) (int, error) { return 0, runLab(args, c.stdout, c.stderr) },
			func() flagSet { var addr string; var o lab.Options; return labFlags(&addr, &o) }},
		{"list", "authlens list FILE.http [--env NAME] [--json] [--show-secrets]",
			"Print the requests a .http file holds, each with its line and the values it still lacks.\n",
			func(c *cli, args []string) (int, error) { return 0, runList(args, c.stdout) }, nil},
		{"har", "authlens har redact IN.har OUT.har",
			"Write a copy of a HAR capture with every credential masked (headers, cookies, query values,\n" +
				"bodies, URLs), safe to attach to a bug report. IN and OUT must differ.\n",
			func(c *cli, args []string) (int, error) { return 0, runHAR(args, c.stderr) }, nil},
		{"proxy", "authlens proxy [--to URL] [--listen HOST:PORT] [--har OUT.har] [--show-secrets]",
			"Record an application's traffic and diagnose every exchange as it happens.\n" +
				"With --to it is a reverse proxy: point the application's base URL at the listen address.\n" +
				"Without --to it is a forward proxy for plain http (HTTP_PROXY); CONNECT is tunnelled unseen.\n",
			func(c *cli, args []string) (int, error) { return 0, runProxy(args, c.stdout, c.stderr) },
			func() flagSet { var f proxyFlags; return f.flags() }},
		{"explain", "authlens explain [STATUS|CAUSE]",
			"Print the documented causes and their fixes: all of them, those of one status code, or one cause.\n",
			func(c *cli, args []string) (int, error) { return 0, runExplain(args, c.stdout) }, nil},
		{"version", "authlens version", "Print the module version and the commit it was built from (also --version).\n",
			func(c *cli, args []string) (int, error) { return 0, runVersion(args, c.stdout) }, nil},
		{"completion", "authlens completion bash|zsh|fish",
			"Print a completion script: sub-commands, flags, causes for explain, .http files and their environment names.\n" +
				"  bash: source <(authlens completion bash)\n" +
				"  zsh:  source <(authlens completion zsh)\n" +
				"  fish: authlens completion fish | source\n",
			func(c *cli, args []string) (int, error) { return 0, runCompletion(args, c.stdout) }, nil},
	}
}

func findCommand(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// wantsHelp reports a -h or --help among args; after "--" words are URLs.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "--help" {
			return true
		}
	}
	return false
}

// usageError is bad input from the user: one line on stderr, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	// net/http logs oddities from hostile servers through the standard
	// logger; on stderr they would break the one-line error rule, and under
	// the inspector they would draw over the screen.
	log.SetOutput(io.Discard)
	os.Exit(runIO(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// errorLine is err as the one line printed for it. Errors quote file names,
// flags and file contents, so they are made as safe for a terminal as
// server text, and a password in a URL they quote is hidden.
func errorLine(err error) string {
	s := request.Printable(request.RedactURLsIn(err.Error()))
	return strings.ReplaceAll(s, "\n", `\n`)
}

// run is runIO with no standard input, as tests call it: nothing waits on
// a terminal or a pipe the test did not mean to give.
func run(args []string, stdout, stderr io.Writer) int {
	return runIO(args, nil, stdout, stderr)
}

// exitInterrupted is the status of a program ended by ctrl+c (128+SIGINT),
// as shells and other terminal programs give it.
const exitInterrupted = 130

// errInterrupted ends a run the user stopped with ctrl+c.
var errInterrupted = errors.New("interrupted")

func runIO(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	var err error
	code := 0
	var cmd *command
	if len(args) > 0 {
		cmd = findCommand(args[0])
	}
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Fprint(stdout, usage)
	case len(args) > 0 && args[0] == "help":
		err = runHelp(args[1:], stdout)
	case len(args) > 0 && args[0] == "--version":
		err = runVersion(args[1:], stdout)
	case cmd != nil && wantsHelp(args[1:]):
		fmt.Fprintf(stdout, "usage: %s\n\n%s", cmd.usage, cmd.help)
		if cmd.flags != nil {
			fmt.Fprintf(stdout, "\nflags:\n%s", cmd.flags().help())
		}
	case cmd != nil:
		code, err = cmd.run(c, args[1:])
	case wantsHelp(args):
		fmt.Fprint(stdout, usage)
	default:
		err = runTUI(args, c)
	}
	if errors.Is(err, errInterrupted) {
		return exitInterrupted
	}
	if err != nil {
		fmt.Fprintf(stderr, "authlens: %s\n", errorLine(err))
		var ue usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	return code
}
