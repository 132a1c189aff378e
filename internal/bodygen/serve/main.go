// Command serve runs bodygen on a loopback address, for measuring the
// built binary by hand:
//
//	go run ./internal/bodygen/serve -addr 127.0.0.1:8402
//	authlens 'http://127.0.0.1:8402/json?size=10M'
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/authlens/authlens/internal/bodygen"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8402", "where to listen")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
	fmt.Printf("serving generated bodies on http://%s (/json /json-line /ndjson /sse /xml /text ?size=10M)\n", ln.Addr())
	if err := http.Serve(ln, bodygen.Handler()); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}
