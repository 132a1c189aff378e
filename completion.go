package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/lab"
	"github.com/authlens/authlens/request"
)

// completionFlag is one flag as the completion scripts offer it.
type completionFlag struct{ long, short, help string }

// completionFlags are curl's flags and authlens's own, from the tables
// that parse them, each once.
func completionFlags() []completionFlag {
	var out []completionFlag
	seen := map[string]bool{}
	add := func(long, short, help string) {
		if !seen[long] {
			seen[long] = true
			out = append(out, completionFlag{long, short, help})
		}
	}
	var addr string
	var labOpts lab.Options
	var proxy proxyFlags
	for _, fs := range []flagSet{(&cliOptions{}).flags(), labFlags(&addr, &labOpts), proxy.flags()} {
		for _, f := range fs {
			add(f.long, f.short, f.help)
		}
	}
	for _, f := range request.CurlFlags() {
		add(f.Long, f.Short, f.Help)
	}
	add("help", "h", "help")
	return out
}

// completionWords are what the scripts offer: sub-commands, flags, and
// the causes and status codes explain knows.
func completionWords() (subs, flags, causes []string) {
	for _, c := range commands {
		subs = append(subs, c.name)
	}
	subs = append(subs, "help")
	for _, f := range completionFlags() {
		flags = append(flags, "--"+f.long)
		if f.short != "" {
			flags = append(flags, "-"+f.short)
		}
	}
	var statuses []int
	for _, c := range diagnose.Catalog() {
		causes = append(causes, string(c.ID))
		for _, s := range c.Statuses {
			if !slices.Contains(statuses, s) {
				statuses = append(statuses, s)
			}
		}
	}
	slices.Sort(statuses)
	for _, s := range statuses {
		causes = append(causes, strconv.Itoa(s))
	}
	return subs, flags, causes
}

func runCompletion(args []string, stdout io.Writer) error {
	if len(args) >= 1 && args[0] == "env-names" {
		// Used by the scripts: the environments for --env.
		file := ""
		if len(args) > 1 {
			file = args[1]
		}
		for _, n := range envNames(file) {
			fmt.Fprintln(stdout, n)
		}
		return nil
	}
	if len(args) != 1 {
		return usageError{"completion takes one shell: bash, zsh or fish"}
	}
	subs, flags, causes := completionWords()
	r := strings.NewReplacer("@SUBS@", strings.Join(subs, " "), "@FLAGS@", strings.Join(flags, " "), "@CAUSES@", strings.Join(causes, " "))
	switch args[0] {
	case "bash":
		fmt.Fprint(stdout, r.Replace(bashCompletion))
	case "zsh":
		fmt.Fprint(stdout, r.Replace(zshCompletion))
	case "fish":
		var b strings.Builder
		b.WriteString(r.Replace(fishCompletion))
		for _, c := range commands {
			fmt.Fprintf(&b, "complete -c authlens -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(firstSentence(c.help)))
		}
		fmt.Fprintf(&b, "complete -c authlens -n __fish_use_subcommand -a help -d %s\n", fishQuote("help on one command"))
		for _, f := range completionFlags() {
			if f.long == "env" {
				continue // above, with the names to offer
			}
			fmt.Fprintf(&b, "complete -c authlens -l %s", f.long)
			if f.short != "" {
				fmt.Fprintf(&b, " -s %s", f.short)
			}
			fmt.Fprintf(&b, " -d %s\n", fishQuote(f.help))
		}
		fmt.Fprint(stdout, b.String())
	default:
		return usageError{fmt.Sprintf("no completion for %q: bash, zsh or fish", args[0])}
	}
	return nil
}

func firstSentence(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s, _, _ = strings.Cut(s, ";")
	return strings.TrimSuffix(strings.TrimSpace(s), ".")
}

func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

const bashCompletion = `# bash completion for authlens: source <(authlens completion bash)
_authlens() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local sub="" file="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            *.http) file=${COMP_WORDS[i]} ;;
        esac
        if [[ -z $sub && $i -eq 1 && ${COMP_WORDS[i]} != -* ]]; then
            sub=${COMP_WORDS[i]}
        fi
    done
    case $prev in
        --env)
            COMPREPLY=($(compgen -W "$(authlens completion env-names "$file" 2>/dev/null)" -- "$cur"))
            return ;;
        --jwt-key|--cert|--key|--cacert|-o|--output)
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
    esac
    case $sub in
        explain)
            COMPREPLY=($(compgen -W "@CAUSES@" -- "$cur"))
            return ;;
        completion)
            COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
            return ;;
        help)
            COMPREPLY=($(compgen -W "@SUBS@" -- "$cur"))
            return ;;
        lab)
            COMPREPLY=($(compgen -W "--addr --seed --help" -- "$cur"))
            return ;;
        version)
            return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "@FLAGS@" -- "$cur"))
        return
    fi
    COMPREPLY=()
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "@SUBS@" -- "$cur"))
    fi
    COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X '!*.http' -- "$cur") $(compgen -f -X '!*.har' -- "$cur"))
}
complete -o filenames -F _authlens authlens
`

const zshCompletion = `#compdef authlens
# zsh completion for authlens: source <(authlens completion zsh), after compinit
_authlens() {
    local -a subs flags causes
    subs=(@SUBS@)
    flags=(@FLAGS@)
    causes=(@CAUSES@)
    if [[ ${words[CURRENT-1]} == --env ]]; then
        local file=${${(M)words:#*.http}[1]}
        compadd -- ${(f)"$(authlens completion env-names "$file" 2>/dev/null)"}
        return
    fi
    case ${words[2]} in
        explain) (( CURRENT == 3 )) && compadd -- $causes; return ;;
        completion) compadd -- bash zsh fish; return ;;
        help) compadd -- $subs; return ;;
        lab) compadd -- --addr --seed --help; return ;;
        version) return ;;
    esac
    if [[ $PREFIX == -* ]]; then
        compadd -- $flags
        return
    fi
    (( CURRENT == 2 )) && compadd -- $subs
    _files -g '*.(http|har)(-.)'
}
compdef _authlens authlens
`

const fishCompletion = `# fish completion for authlens: authlens completion fish | source
complete -c authlens -f
complete -c authlens -n '__fish_seen_subcommand_from explain' -a '@CAUSES@'
complete -c authlens -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'
complete -c authlens -n '__fish_seen_subcommand_from help' -a '@SUBS@'
complete -c authlens -n 'not __fish_seen_subcommand_from explain completion help version lab' -a '(__fish_complete_suffix .http; __fish_complete_suffix .har)'
complete -c authlens -l env -x -a '(authlens completion env-names (commandline -opc | string match -r -- ".*\\.http\$")[1] 2>/dev/null)' -d '.http environment'
`
