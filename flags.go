package main

import (
	"fmt"
	"strings"
)

// flag is one of authlens's own flags: how it is spelled, what it takes,
// its help, and where its value goes. Parsing, each command's --help and
// the shell completions all read the same tables.
type flag struct {
	long  string // without the dashes
	short string // one letter, or empty
	// arg names the value (NAME=VALUE, URL); empty for a switch.
	arg  string
	help string
	// need ends "--long needs …" when the value is missing; "a value"
	// when empty.
	need string
	set  func(v string) error
}

// spelled is how the flag is written in help: "-o, --output FILE".
func (f flag) spelled() string {
	s := "--" + f.long
	if f.short != "" {
		s = "-" + f.short + ", " + s
	}
	if f.arg != "" {
		s += " " + f.arg
	}
	return s
}

// flagSet is the flags one command takes; what is not among them stays
// in rest for the command to read (a URL, curl's own flags).
type flagSet []flag

func (fs flagSet) lookup(word string) (*flag, bool) {
	for i := range fs {
		f := &fs[i]
		if word == "--"+f.long || f.short != "" && word == "-"+f.short {
			return f, true
		}
	}
	return nil, false
}

// parse sets the flags found in args, "--long VALUE" and "--long=VALUE"
// alike, and returns the other words in order. skip, when set, keeps a
// word for rest before the table sees it.
func (fs flagSet) parse(args []string, skip func(i int) bool) (rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(rest, args[i:]...), nil
		}
		if skip != nil && skip(i) {
			rest = append(rest, a)
			continue
		}
		word, inline, hasInline := a, "", false
		if strings.HasPrefix(a, "--") {
			word, inline, hasInline = strings.Cut(a, "=")
		}
		f, ok := fs.lookup(word)
		if !ok || f.arg == "" && hasInline {
			rest = append(rest, a)
			continue
		}
		v := inline
		if f.arg != "" && !hasInline {
			if i+1 >= len(args) {
				return rest, usageError{word + " needs " + cmpOr(f.need, "a value")}
			}
			i++
			v = args[i]
		}
		if err := f.set(v); err != nil {
			return rest, err
		}
	}
	return rest, nil
}

// help lists the flags, one a line, their spellings aligned.
func (fs flagSet) help() string {
	w := 0
	for _, f := range fs {
		w = max(w, len(f.spelled()))
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %-*s  %s\n", w, f.spelled(), f.help)
	}
	return b.String()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
