package request

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"sort"
	"sync"
	"unicode/utf8"
)

// SpoolLineMax is the longest line a Spool gives back: a longer one is
// cut into pieces of at most this many bytes (after a comma or a space
// near the end where there is one), so a body of one enormous line is
// still read back a screen at a time.
const SpoolLineMax = 1024

// spoolMark is how many lines apart the index keeps an offset: reading a
// line reads at most this many lines before it, and the index of a body
// of ten million lines stays a few megabytes.
const spoolMark = 64

// Spool is a response body kept in a temporary file (mode 0600) instead of
// memory, indexed by the offsets of its lines so that any of them is read
// back without reading the rest. Write appends; once the body is in,
// Lines, Search and LineOf read it back, safely from several goroutines.
// Close removes the file.
type Spool struct {
	mu     sync.Mutex
	f      *os.File
	w      *bufio.Writer
	size   int64
	lines  int     // lines ended so far
	marks  []int64 // marks[k] is where line k*spoolMark starts
	cut    liner   // the line being written
	err    error   // the first write error; the spool keeps what came before
	closed bool
}

// NewSpool creates the spool's file in dir (the system's temporary folder
// when empty).
func NewSpool(dir string) (*Spool, error) {
	f, err := os.CreateTemp(dir, "authlens-body-*")
	if err != nil {
		return nil, err
	}
	return &Spool{f: f, w: bufio.NewWriterSize(f, 256<<10), marks: []int64{0}}, nil
}

// Name is the file's path, gone once the spool is closed.
func (s *Spool) Name() string { return s.f.Name() }

// Write appends p to the body and indexes its lines.
func (s *Spool) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, os.ErrClosed
	}
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
	}
	s.cut.feed(p[:n], func(size int) {
		s.lines++
		if s.lines%spoolMark == 0 {
			s.marks = append(s.marks, s.size+int64(size))
		}
		s.size += int64(size)
	})
	return n, err
}

// Size is how many bytes the spool holds.
func (s *Spool) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size + int64(len(s.cut.line))
}

// Len is the number of lines: a body ending in "\n" has no empty last one.
func (s *Spool) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cut.line) > 0 {
		return s.lines + 1
	}
	return s.lines
}

// flush makes what was written readable; s.mu is held.
func (s *Spool) flush() error {
	if s.closed {
		return os.ErrClosed
	}
	if s.w.Buffered() > 0 {
		if err := s.w.Flush(); err != nil && s.err == nil {
			s.err = err
		}
	}
	return nil
}

// start is where line k*spoolMark at or before line i starts, and which
// line that is; end is the size written.
func (s *Spool) start(i int) (off int64, line int, end int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.flush(); err != nil {
		return 0, 0, 0, err
	}
	k := min(i/spoolMark, len(s.marks)-1)
	return s.marks[k], k * spoolMark, s.size + int64(len(s.cut.line)), nil
}

// Lines is lines from..from+n-1 (fewer at the end), without their line
// ends. They are the body's bytes as received: the caller makes them
// safe to draw.
func (s *Spool) Lines(from, n int) ([]string, error) {
	lines, _, err := s.LinesCut(from, n)
	return lines, err
}

// LinesCut is Lines, and for each line whether it was cut from a longer
// one that goes on in the next, with no line end between them.
func (s *Spool) LinesCut(from, n int) ([]string, []bool, error) {
	if from < 0 || n <= 0 {
		return nil, nil, nil
	}
	off, line, end, err := s.start(from)
	if err != nil {
		return nil, nil, err
	}
	// Each line takes at most SpoolLineMax bytes and its line end.
	want := int64(from-line+n) * (SpoolLineMax + 2)
	buf := make([]byte, min(want, end-off))
	if _, err := s.f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	var out []string
	var cut []bool
	var c liner
	pos := 0
	emit := func(size int, last bool) {
		if line >= from && len(out) < n {
			out = append(out, string(trimEnd(buf[pos:pos+size])))
			cut = append(cut, !last && buf[pos+size-1] != '\n')
		}
		line++
		pos += size
	}
	c.feed(buf, func(size int) { emit(size, false) })
	if off+int64(len(buf)) == end && len(c.line) > 0 {
		emit(len(c.line), true) // the last line, not ended
	}
	return out, cut, nil
}

// trimEnd drops a line's "\n" or "\r\n".
func trimEnd(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// LineOf is the line holding byte off, and off's place in it.
func (s *Spool) LineOf(off int64) (line, col int, err error) {
	s.mu.Lock()
	k := sort.Search(len(s.marks), func(k int) bool { return s.marks[k] > off }) - 1
	s.mu.Unlock()
	start, line, end, err := s.start(max(0, k) * spoolMark)
	if err != nil {
		return 0, 0, err
	}
	buf := make([]byte, min(int64(spoolMark)*(SpoolLineMax+2), end-start))
	if _, err := s.f.ReadAt(buf, start); err != nil && !errors.Is(err, io.EOF) {
		return 0, 0, err
	}
	var c liner
	pos, done := int64(0), false
	c.feed(buf, func(size int) {
		if done {
			return
		}
		if start+pos+int64(size) > off {
			done = true
			return
		}
		line++
		pos += int64(size)
	})
	return line, int(off - start - pos), nil
}

// ReadAt reads the body's bytes from off, as far as they were written.
func (s *Spool) ReadAt(p []byte, off int64) (int, error) {
	s.mu.Lock()
	err := s.flush()
	s.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return s.f.ReadAt(p, off)
}

// Close removes the file; the spool reads nothing after.
func (s *Spool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.f.Close()
	if rerr := os.Remove(s.f.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
		err = rerr
	}
	return err
}

// liner finds where lines end in a stream of bytes: at "\n", or past
// SpoolLineMax bytes at a cut. Writing and reading back run the same
// rules from a line's start, so both agree on every line.
type liner struct {
	line []byte // the line not ended yet, at most SpoolLineMax bytes
}

// feed reads p and calls end with the size (line end included) of each
// line it ends.
func (c *liner) feed(p []byte, end func(size int)) {
	for len(p) > 0 {
		room := SpoolLineMax - len(c.line)
		look := p[:min(len(p), room+1)]
		if i := bytes.IndexByte(look, '\n'); i >= 0 {
			end(len(c.line) + i + 1)
			c.line, p = c.line[:0], p[i+1:]
			continue
		}
		if len(p) <= room {
			c.line = append(c.line, p...)
			return
		}
		c.line, p = append(c.line, p[:room]...), p[room:]
		n := cutAt(c.line)
		end(n)
		c.line = c.line[:copy(c.line, c.line[n:])]
	}
}

// cutAt is where to cut a line of SpoolLineMax bytes with more to come:
// after the last comma or space in its last quarter, so a value is rarely
// cut in two, else at the last character's start.
func cutAt(b []byte) int {
	q := len(b) * 3 / 4
	if i := bytes.LastIndexAny(b[q:], ", "); i >= 0 {
		return q + i + 1
	}
	i := len(b) - 1
	for i > 0 && !utf8.RuneStart(b[i]) {
		i--
	}
	if i > 0 && !utf8.FullRune(b[i:]) {
		return i // the character starting there goes whole to the next piece
	}
	return len(b)
}

// Search finds query in the body, at most max times, not overlapping:
// the offsets where it starts, ascending. fold matches ASCII letters of
// either case (query is in lower case then). It stops when ctx is done.
func (s *Spool) Search(ctx context.Context, query string, fold bool, max int) (offs []int64, capped bool, err error) {
	if query == "" {
		return nil, false, nil
	}
	_, _, end, err := s.start(0)
	if err != nil {
		return nil, false, err
	}
	q := []byte(query)
	const chunk = 4 << 20
	buf := make([]byte, chunk+len(q)-1)
	next := int64(0) // matches start at or after next
	for at := int64(0); at < end; at += chunk {
		if err := ctx.Err(); err != nil {
			return offs, false, err
		}
		n, err := s.f.ReadAt(buf[:min(int64(len(buf)), end-at)], at)
		if err != nil && !errors.Is(err, io.EOF) {
			return offs, false, err
		}
		hay := buf[:n]
		if fold {
			lowerASCII(hay)
		}
		for i := int(max64(0, next-at)); ; {
			j := bytes.Index(hay[i:], q)
			if j < 0 {
				break
			}
			if len(offs) == max {
				return offs, true, nil
			}
			offs = append(offs, at+int64(i+j))
			i += j + len(q)
			next = at + int64(i)
		}
	}
	return offs, false, nil
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// lowerASCII lower-cases b's ASCII letters in place.
func lowerASCII(b []byte) {
	for i, c := range b {
		if c-'A' < 26 {
			b[i] = c + 'a' - 'A'
		}
	}
}
