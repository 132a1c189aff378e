package main

import (
	"strings"
	"testing"
)

func TestFlagSetParse(t *testing.T) {
	var o cliOptions
	rest, err := o.flags().parse([]string{"-H", "X: 1", "--env=dev", "--name", "me", "-o", "out.json", "--show-secrets", "https://x.test/", "--", "--origin"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.env != "dev" || o.name != "me" || o.output != "out.json" || !o.showSecrets || o.origin != "" {
		t.Errorf("options %+v", o)
	}
	if got := strings.Join(rest, "|"); got != "-H|X: 1|https://x.test/|--|--origin" {
		t.Errorf("rest %q", got)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--origin"}, "--origin needs an origin such as https://app.example.com"},
		{[]string{"--env"}, "--env needs a value"},
		{[]string{"-o"}, "-o needs a file to save the body to"},
		{[]string{"--output="}, "--output needs a file to save the body to"},
		{[]string{"--var", "novalue"}, `--var wants NAME=VALUE, got "novalue"`},
		{[]string{"--max-body", "lots"}, "--max-body:"},
	} {
		var o cliOptions
		_, err := o.flags().parse(c.args, nil)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.args, err, c.want)
		}
	}
	// A switch written with a value is not the switch.
	var p cliOptions
	if rest, _ := p.flags().parse([]string{"--show-secrets=yes"}, nil); p.showSecrets || len(rest) != 1 {
		t.Errorf("--show-secrets=yes: %v %q", p.showSecrets, rest)
	}
}

// Every flag a command parses is in its --help and offered by the
// completions: they read the same tables.
func TestFlagsListedWhereTheyAreParsed(t *testing.T) {
	offered := map[string]bool{}
	for _, f := range completionFlags() {
		offered[f.long] = true
	}
	for _, c := range commands {
		if c.flags == nil {
			continue
		}
		var out, errOut strings.Builder
		if code := run([]string{c.name, "--help"}, &out, &errOut); code != 0 {
			t.Fatalf("%s --help: exit %d", c.name, code)
		}
		for _, f := range c.flags() {
			if !strings.Contains(out.String(), f.spelled()) {
				t.Errorf("%s --help lacks %s", c.name, f.spelled())
			}
			if !offered[f.long] {
				t.Errorf("the completions lack --%s", f.long)
			}
		}
	}
}
