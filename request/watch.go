package request

import (
	"context"
	"io"
)

// Phase is where a send stands, for a progress line.
type Phase int

const (
	PhaseResolving Phase = iota + 1
	PhaseConnecting
	PhaseTLS
	PhaseWaiting   // the request is written; no byte of the answer yet
	PhaseReceiving // the final response's headers are in; its body is arriving
)

func (p Phase) String() string {
	switch p {
	case PhaseResolving:
		return "resolving"
	case PhaseConnecting:
		return "connecting"
	case PhaseTLS:
		return "TLS handshake"
	case PhaseWaiting:
		return "waiting for the first byte"
	case PhaseReceiving:
		return "receiving"
	}
	return ""
}

// Watcher sees a send while it happens, for a caller that shows or saves
// the body as it arrives rather than once it is whole. Every func is
// optional and is called on the sending goroutine, so it must not block
// for long.
type Watcher struct {
	Phase func(Phase)
	// Head is called once the final response's status and headers are
	// in, before its body is read. total is the body's length when the
	// server said it (Content-Length, no Content-Encoding), else -1.
	Head func(r *Response, total int64)
	// Body gets the decoded body piece by piece as it is read, up to the
	// cap. p is only valid during the call.
	Body func(p []byte)
}

type watcherKey struct{}

// WithWatcher returns a context whose sends report to w.
func WithWatcher(ctx context.Context, w *Watcher) context.Context {
	return context.WithValue(ctx, watcherKey{}, w)
}

func watcherFrom(ctx context.Context) *Watcher {
	w, _ := ctx.Value(watcherKey{}).(*Watcher)
	return w
}

func (w *Watcher) phase(p Phase) {
	if w != nil && w.Phase != nil {
		w.Phase(p)
	}
}

// watchedBody hands the body to the watcher as it is read, never past
// the cap, though the reader past it may read one byte more to see
// whether the body was longer.
type watchedBody struct {
	r    io.Reader
	fn   func([]byte)
	left int64
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if k := min(int64(n), b.left); k > 0 {
		b.fn(p[:k])
		b.left -= k
	}
	return n, err
}
