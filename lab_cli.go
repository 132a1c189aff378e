package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
)

// labFlags are lab's own: where it listens and the seed of its secrets.
func labFlags(addr *string, opts *lab.Options) flagSet {
	return flagSet{
		{long: "addr", arg: "HOST:PORT", help: "where to listen (127.0.0.1:8401)", set: func(v string) error { *addr = v; return nil }},
		{long: "seed", arg: "N", help: "make the keys and tokens the same on every start", need: "a whole number", set: func(v string) error {
			// Sscan would take the 1 of "1.5" and ignore the rest.
			seed, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return usageError{fmt.Sprintf("--seed wants a whole number, got %q", v)}
			}
			opts.Seed = seed
			return nil
		}},
	}
}

func runLab(args []string, stdout, stderr io.Writer) error {
	addr := "127.0.0.1:8401"
	opts, labStarted, err := labClock()
	if err != nil {
		return err
	}
	rest, err := labFlags(&addr, &opts).parse(args, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("lab: unknown argument %q (lab [--addr HOST:PORT] [--seed N])", rest[0])}
	}
	srv, err := lab.Start(addr, opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	if w := srv.Warning(); w != "" {
		fmt.Fprintln(stderr, "authlens: "+w)
	}
	srv.PrintTable(stdout)
	labStarted()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	return errInterrupted
}

func runExplain(args []string, stdout io.Writer) error {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, diagnose.FormatCatalog())
		return nil
	case 1:
		var status int
		if _, err := fmt.Sscanf(args[0], "%d", &status); err == nil && fmt.Sprint(status) == args[0] {
			text := diagnose.FormatStatus(status)
			if text == "" {
				return usageError{fmt.Sprintf("no documented causes for status %d", status)}
			}
			fmt.Fprint(stdout, text)
			return nil
		}
		c, ok := diagnose.Lookup(diagnose.CauseID(args[0]))
		if !ok {
			return usageError{fmt.Sprintf("unknown cause %q (authlens explain lists them)", args[0])}
		}
		fmt.Fprint(stdout, diagnose.FormatCause(c))
		return nil
	default:
		return usageError{"explain takes one status code or cause id"}
	}
}
