package request

import (
	"context"
	"io"
	"runtime"
	"strings"
)

// SpoolPrefix is how much of a spooled body stays in Response.Body: what
// a diagnosis reads of a body, and more.
const SpoolPrefix = 256 << 10

type spoolKey struct{}

// spoolRule is where and from what size a send spools bodies.
type spoolRule struct {
	over int64
	dir  string
}

// WithSpool returns a context whose sends keep a body of more than over
// bytes in a Spool in dir (the system's temporary folder when empty),
// rather than in memory, up to the request's MaxBody (DefaultMaxBody
// when unset).
func WithSpool(ctx context.Context, over int64, dir string) context.Context {
	return context.WithValue(ctx, spoolKey{}, &spoolRule{over: over, dir: dir})
}

func spoolFrom(ctx context.Context) *spoolRule {
	r, _ := ctx.Value(spoolKey{}).(*spoolRule)
	return r
}

// readBodyResult is a body as read: n counts past max (max+1 at least
// when the body is longer), body is in memory, and spool, when set,
// holds all of it up to max.
type readBodyResult struct {
	body  string
	n     int64
	spool *Spool
}

// readBody reads at most max bytes of r and sees whether there is more.
// Under a spool rule a body past its threshold goes to a file: the
// bytes read so far, then the rest straight from r. cl is the body's
// length when known (-1 if not), to read a small one in one allocation
// and a large one to disk from its first SpoolPrefix bytes on.
func readBody(r io.Reader, max, cl int64, rule *spoolRule) (readBodyResult, error) {
	limit := max
	if rule != nil && rule.over < max {
		limit = rule.over
		if cl > rule.over {
			// Its length says it goes to disk: only what stays in
			// memory anyway is read before the file is made, not the
			// threshold's worth (twice that, as a buffer grows).
			limit = min(limit, SpoolPrefix)
		}
	}
	var got pieces
	if cl > 0 && cl <= limit {
		got.first = int(cl) + 1 // +1 to see EOF without a second piece
	}
	n, err := got.readFrom(io.LimitReader(r, limit+1))
	if err != nil || n <= limit || limit == max {
		return readBodyResult{body: got.text(int(min(n, max))), n: n}, err
	}
	sp, serr := NewSpool(rule.dir)
	if serr != nil {
		// No file to spool to: what fits in memory is kept, as a cut body.
		return readBodyResult{body: got.text(int(limit)), n: max + 1}, nil
	}
	res := readBodyResult{spool: sp, body: got.text(SpoolPrefix)}
	for _, p := range got.parts {
		if _, err := sp.Write(p); err != nil {
			return res, err
		}
	}
	got.parts = nil // what came so far is on disk now
	// Those megabytes are garbage at once; collected now, the rest of the
	// body reuses them instead of growing the heap over them. Once a send,
	// and off the UI goroutine.
	runtime.GC()
	m, err := io.Copy(sp, io.LimitReader(r, max-n))
	res.n = n + m
	if err == nil && res.n == max {
		var one [1]byte
		if k, _ := io.ReadFull(r, one[:]); k > 0 {
			res.n++ // there is more: the body is cut at max
		}
	}
	return res, err
}

// pieces gathers a body a piece at a time, each piece larger than the
// last up to 1 MiB, so that a body of unknown length is never copied to
// grow (a bytes.Buffer holds up to three times the body while it does).
type pieces struct {
	parts [][]byte
	n     int64
	first int // the first piece's size, when the length is known
}

func (p *pieces) readFrom(r io.Reader) (int64, error) {
	size := p.first
	if size <= 0 {
		size = 4 << 10
	}
	for {
		b := make([]byte, size)
		k, err := fill(r, b)
		if k > 0 {
			p.parts = append(p.parts, b[:k])
			p.n += int64(k)
		}
		switch {
		case err == io.EOF:
			return p.n, nil
		case err != nil:
			return p.n, err // a body cut short says so (io.ErrUnexpectedEOF)
		}
		size = min(size*2, 1<<20)
	}
}

// fill reads into b until it is full or r ends. Unlike io.ReadFull it
// tells a clean end (io.EOF) from the reader's own errors.
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// text is the first n bytes gathered, in one allocation.
func (p *pieces) text(n int) string {
	var b strings.Builder
	b.Grow(min(n, int(p.n)))
	for _, part := range p.parts {
		if b.Len() >= n {
			break
		}
		b.Write(part[:min(len(part), n-b.Len())])
	}
	return b.String()
}
