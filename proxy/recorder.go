package proxy

import (
	"sync"

	"github.com/authlens/authlens/diagnose"
	"github.com/authlens/authlens/har"
	"github.com/authlens/authlens/request"
)

// Recorder takes the proxy's records from any goroutine without ever
// making a request wait, links and diagnoses them in the order they ended,
// and hands them out in batches for the traffic list.
type Recorder struct {
	mu     sync.Mutex
	queue  []Record
	all    []Record
	closed bool
	wake   chan struct{}
	out    chan har.Batch
}

// NewRecorder starts the goroutine that diagnoses what is recorded.
func NewRecorder(opts diagnose.Options) *Recorder {
	r := &Recorder{wake: make(chan struct{}, 1), out: make(chan har.Batch)}
	go r.loop(opts)
	return r
}

// Record is the proxy's record function.
func (r *Recorder) Record(rec Record) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	r.queue = append(r.queue, rec)
	r.all = append(r.all, rec)
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Batches is what the traffic list reads; it closes after Close.
func (r *Recorder) Batches() <-chan har.Batch { return r.out }

// Exchanges are every exchange recorded so far, tunnels left out, for a
// HAR file.
func (r *Recorder) Exchanges() []request.Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]request.Exchange, 0, len(r.all))
	for _, rec := range r.all {
		if !rec.Tunnel {
			out = append(out, rec.X)
		}
	}
	return out
}

// Close stops the recorder; what was queued is still handed out.
func (r *Recorder) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *Recorder) loop(opts diagnose.Options) {
	defer close(r.out)
	l := har.Linker{Options: opts}
	for range r.wake {
		r.mu.Lock()
		q, closed := r.queue, r.closed
		r.queue = nil
		r.mu.Unlock()
		if len(q) > 0 {
			items := make([]*har.Item, 0, len(q))
			for _, rec := range q {
				it := l.Next(rec.X)
				if rec.Tunnel {
					it.Tunnel = true
					it.Report = tunnelReport(rec.X)
				}
				items = append(items, it)
			}
			r.out <- har.Batch{Items: items}
		}
		if closed {
			r.out <- har.Batch{Done: true}
			return
		}
	}
}

// tunnelReport says what the proxy can tell of a tunnel: where it went,
// and that its content is out of sight.
func tunnelReport(x request.Exchange) diagnose.Report {
	if x.Error != nil {
		return diagnose.Diagnose(x)
	}
	return diagnose.Report{OK: true, Summary: "CONNECT tunnel to " + x.Request.URL + ": encrypted end to end, so the proxy cannot see or diagnose what it carries"}
}
