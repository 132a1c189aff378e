package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/authlens/authlens/diagnose"
)

// completionFlags are the flags the completions offer, curl's and
// authlens's own.
var completionFlags = []struct{ long, short, help string }{
	{"request", "X", "HTTP method"}, {"header", "H", "header Name: value"}, {"user", "u", "USER:PASSWORD"},
	{"basic", "", "Basic authentication"}, {"digest", "", "Digest authentication"},
	{"oauth2-bearer", "", "bearer token"}, {"bearer", "", "bearer token"},
	{"data", "d", "body, or @FILE"}, {"data-raw", "", "body as typed"}, {"data-binary", "", "body, or @FILE as is"},
	{"data-urlencode", "", "form field, percent-encoded"}, {"json", "", "JSON body, or JSON output for diagnose"},
	{"form", "F", "multipart field"}, {"form-string", "", "literal multipart field"},
	{"cookie", "b", "name=value, or a cookie file"}, {"url-query", "", "query parameter"},
	{"proxy", "x", "proxy URL"}, {"insecure", "k", "skip TLS verification"}, {"max-time", "m", "seconds"},
	{"location", "L", "follow redirects"}, {"no-location", "", "stop at the first response"},
	{"compressed", "", "ask for a compressed response"}, {"get", "G", "data in the query"}, {"head", "I", "HEAD request"},
	{"user-agent", "A", "User-Agent"}, {"referer", "e", "Referer"},
	{"api-key", "", "NAME=VALUE header key"}, {"api-key-query", "", "NAME=VALUE query key"},
	{"curl", "", "a whole curl command, or - for standard input"}, {"origin", "", "judge CORS from this page origin"},
	{"show-secrets", "", "do not mask secrets"}, {"env", "", ".http environment"}, {"name", "", ".http request name"},
	{"jwt-key", "", "secret or @FILE the JWT should verify with"}, {"jwks", "", "URL of the JWKS"},
	{"oauth2-token-url", "", "OAuth 2 token URL"}, {"oauth2-client", "", "ID[:SECRET]"}, {"oauth2-scope", "", "scope"},
	{"oauth2-grant", "", "OAuth 2 grant"}, {"oauth2-secret-in-body", "", "client secret as form fields"},
	{"oauth2-auth-url", "", "authorization endpoint"}, {"oauth2-device-url", "", "device authorization endpoint"},
	{"oauth2-user", "", "USER:PASS for the password grant"}, {"oauth2-refresh-token", "", "refresh token"},
	{"oauth2-audience", "", "audience"}, {"oauth2-redirect-port", "", "loopback redirect port"},
	{"oidc-issuer", "", "OpenID Connect issuer URL"}, {"var", "", "NAME=VALUE for a .http file"},
	{"cert", "E", "client certificate FILE[:PASSWORD]"}, {"key", "", "client key FILE"}, {"pass", "", "key password"},
	{"cert-type", "", "PEM or P12"}, {"cacert", "", "CA bundle FILE"}, {"capath", "", "CA directory"},
	{"auth-command", "", "command printing the Bearer token"}, {"auth-env", "", "variable holding the Bearer token"},
	{"netrc", "n", "credentials from ~/.netrc"}, {"netrc-file", "", "credentials from FILE"}, {"netrc-optional", "", "use .netrc if it has the host"},
	{"to", "", "proxy: the upstream URL"}, {"listen", "", "proxy: HOST:PORT to listen on"}, {"har", "", "proxy: write the session to OUT.har"},
	{"output", "o", "save the body to FILE"}, {"max-body", "", "response body cap"}, {"refresh-url", "", "refresh flow URL"}, {"refresh-body", "", "refresh flow body"},
	{"refresh-method", "", "refresh flow method"}, {"refresh-token-path", "", "token path in the refresh answer"},
	{"help", "h", "help"},
}

// completionWords are what the scripts offer: sub-commands, flags, and
// the causes and status codes explain knows.
func completionWords() (subs, flags, causes []string) {
	for _, c := range commands {
		subs = append(subs, c.name)
	}
	subs = append(subs, "help")
	for _, f := range completionFlags {
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
		for _, f := range completionFlags {
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
