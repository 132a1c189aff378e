package request

import (
	"fmt"
	"os"
	"sync"
)

// Output saves the body of one send to a file as it arrives, as curl's
// -o does: decoded, byte for byte, up to the body cap. The file is
// created (mode 0600: a body may carry tokens) or emptied when the final
// response's headers arrive, so a send that gets no response leaves any
// earlier file alone.
type Output struct {
	Path string

	mu  sync.Mutex
	f   *os.File
	n   int64
	err error
}

// Watcher is what Send reports to while it writes the file.
func (o *Output) Watcher() *Watcher {
	return &Watcher{Head: func(*Response, int64) { o.open() }, Body: o.write}
}

func (o *Output) open() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.f != nil || o.err != nil {
		return
	}
	o.f, o.err = os.OpenFile(o.Path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
}

func (o *Output) write(p []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.f == nil || o.err != nil {
		return
	}
	n, err := o.f.Write(p)
	o.n += int64(n)
	o.err = err
}

// Close finishes the file. saved reports whether a response came to be
// saved; n is how many bytes were written.
func (o *Output) Close() (saved bool, n int64, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.f != nil {
		if cerr := o.f.Close(); o.err == nil {
			o.err = cerr
		}
		saved, o.f = true, nil
	}
	if o.err != nil {
		return saved, o.n, fmt.Errorf("save the body to %s: %w", o.Path, o.err)
	}
	return saved, o.n, nil
}

// Combine is a watcher that reports to each of ws that is not nil.
func Combine(ws ...*Watcher) *Watcher {
	var all []*Watcher
	for _, w := range ws {
		if w != nil {
			all = append(all, w)
		}
	}
	switch len(all) {
	case 0:
		return nil
	case 1:
		return all[0]
	}
	return &Watcher{
		Phase: func(p Phase) {
			for _, w := range all {
				w.phase(p)
			}
		},
		Head: func(r *Response, total int64) {
			for _, w := range all {
				if w.Head != nil {
					w.Head(r, total)
				}
			}
		},
		Body: func(p []byte) {
			for _, w := range all {
				if w.Body != nil {
					w.Body(p)
				}
			}
		},
	}
}
