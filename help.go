package main

// usage is authlens --help: the commands, then the flags by kind.
const usage = `usage:
  authlens                          open the inspector on the practice lab
  authlens [flags] URL              open the inspector with this request
  authlens FILE.http [--env NAME] [--name NAME] [--var NAME=VALUE]
                                    open the inspector on a .http file's request list
  authlens list FILE.http [--env NAME] [--json]
                                    the requests a .http file holds and what each lacks
  authlens -                        open the inspector on a curl command or .http text
                                    read from standard input
  authlens diagnose [flags] URL     send once and print the diagnosis (--json for machines)
  authlens diagnose FILE.http [--env NAME] [--name NAME] [--var NAME=VALUE]
                                    send one request of a .http file (the first, or the named)
  authlens lab [--addr HOST:PORT] [--seed N]
                                    serve the practice API alone
  authlens explain [STATUS|CAUSE]   print the documented causes and their fixes
  authlens version                  print the version (also --version)
  authlens completion bash|zsh|fish print a shell completion script
  authlens COMMAND --help           help on one command
  authlens FILE.har                 list a capture's traffic, every failure diagnosed
  authlens diagnose FILE.har        print each failing entry's diagnosis (--json: an array)
  authlens har redact IN.har OUT.har
                                    copy a capture with every credential masked
  authlens proxy [--to URL] [--listen HOST:PORT] [--har OUT.har]
                                    record and diagnose an application's traffic

` + requestFlagsHelp + `
authlens's own flags (authlens diagnose --help lists them all): --origin ORIGIN (judge the CORS
  preflight too), --show-secrets, -o FILE (save each body as received), --json (diagnose)

OAuth 2 (O in the inspector, or before diagnose sends): --oauth2-grant
  client_credentials|password|authorization_code|device_code|refresh_token,
  --oauth2-token-url URL, --oauth2-client ID[:SECRET], --oauth2-scope SCOPE,
  --oauth2-secret-in-body, --oauth2-auth-url URL, --oauth2-device-url URL,
  --oauth2-user USER:PASS, --oauth2-refresh-token TOKEN, --oauth2-audience AUD,
  --oauth2-redirect-port PORT, --oidc-issuer URL (fills the endpoints and the
  JWKS from its discovery document)

client certificates and CAs (curl's meanings): --cert FILE[:PASSWORD] (-E) --key FILE
  --pass PASSWORD --cert-type PEM|P12 --cacert FILE --capath DIR

credential sources: --auth-command 'CMD' (its output is the Bearer token, run once)
  --auth-env NAME (the token from an environment variable) --netrc (-n)
  --netrc-file FILE --netrc-optional

--max-body SIZE keeps at most SIZE of a body (64M, say): in the inspector 1G by default,
  a body past 8 MiB held in a temporary file that goes on quit; in diagnose 32M, in memory.

refresh flow for f (default: the lab's POST /auth/refresh): --refresh-url URL
  --refresh-body BODY (JSON or form) --refresh-method METHOD (POST)
  --refresh-token-path PATH (where the token sits in the JSON answer; access_token)

ctrl+c leaves the inspector with exit status 130; NO_COLOR or CLICOLOR=0 turn colour off.
`

// requestFlagsHelp is the curl-style part, shared with diagnose --help.
const requestFlagsHelp = `request flags use curl's names: -X -H -u --basic --digest --oauth2-bearer (--bearer)
  -d --data-raw --data-binary --json -F --form-string -b -x -k -m -L --no-location
  --url-query; -d @FILE, --data-binary @FILE, -d @- and -b FILE read files as curl does.
  --curl 'curl …' takes a pasted command, --curl - reads one from standard input, and -
  as the URL reads a curl command or .http text from it. Also --api-key NAME=VALUE and
  --api-key-query NAME=VALUE.
`
