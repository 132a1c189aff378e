// Command gateway puts net/http/httputil.ReverseProxy and http.TimeoutHandler
// in front of a small backend, and runs an elazarl/goproxy forward proxy
// that wants Basic proxy credentials.
//
//	127.0.0.1:18208  reverse proxy (gateway)
//	127.0.0.1:18209  backend
//	127.0.0.1:18210  forward proxy
//	127.0.0.1:18299  nothing listens: a backend that is down
package main

import (
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"

	"github.com/elazarl/goproxy"
	"github.com/elazarl/goproxy/ext/auth"
)

func backend() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"hello":"world"}`))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
		w.Write([]byte("late"))
	})
	// The backend process dies in the middle of a request.
	mux.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) })
	return mux
}

func proxyTo(target string, t http.RoundTripper) http.Handler {
	u, _ := url.Parse(target)
	p := httputil.NewSingleHostReverseProxy(u)
	if t != nil {
		p.Transport = t
	}
	return p
}

func main() {
	go func() { log.Fatal(http.ListenAndServe("127.0.0.1:18209", backend())) }()

	fp := goproxy.NewProxyHttpServer()
	auth.ProxyBasic(fp, "corpus-proxy", func(u, p string) bool { return u == "proxyuser" && p == "proxypass" })
	go func() { log.Fatal(http.ListenAndServe("127.0.0.1:18210", fp)) }()

	mux := http.NewServeMux()
	mux.Handle("/live/", http.StripPrefix("/live", proxyTo("http://127.0.0.1:18209", nil)))
	mux.Handle("/down/", http.StripPrefix("/down", proxyTo("http://127.0.0.1:18299", nil)))
	mux.Handle("/hang/", http.StripPrefix("/hang", proxyTo("http://127.0.0.1:18209", &http.Transport{ResponseHeaderTimeout: 300 * time.Millisecond})))
	mux.Handle("/timeout/", http.TimeoutHandler(http.StripPrefix("/timeout", proxyTo("http://127.0.0.1:18209", nil)), 300*time.Millisecond, "<html><body>Timeout</body></html>"))
	log.Fatal(http.ListenAndServe("127.0.0.1:18208", mux))
}
