package har

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
)

// The entries list is most of a capture, and most of its bytes are bodies
// inside strings. Finding where each entry ends needs only braces and
// quotes, which a byte search does far faster than a JSON scanner; the
// entries are then decoded on every core, and handed on in file order.

// nextRaw reads the next entry of the list as raw JSON, or reports the
// list's end. Well-formedness is left to the decoder.
func nextRaw(br *bufio.Reader) ([]byte, bool, error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return nil, false, io.ErrUnexpectedEOF
		}
		switch c {
		case ' ', '\t', '\n', '\r', ',':
			continue
		case ']':
			return nil, true, nil
		case '{':
		default:
			return nil, false, fmt.Errorf("unexpected %q in log.entries", c)
		}
		break
	}
	buf := []byte{'{'}
	depth, inStr := 1, false
	// run counts the backslashes just before where the scan resumes, so
	// an escaped quote is told from a closing one across chunk ends.
	run := 0
	for {
		if br.Buffered() == 0 {
			if _, err := br.Peek(1); err != nil {
				return nil, false, io.ErrUnexpectedEOF
			}
		}
		b, _ := br.Peek(br.Buffered())
		i := 0
	scan:
		for i < len(b) {
			if inStr {
				// A closing quote is one after an even run of backslashes;
				// IndexByte finds quotes far faster than a scan for two bytes.
				j := bytes.IndexByte(b[i:], '"')
				if j < 0 {
					run = trailing(b[i:], run)
					i = len(b)
					break
				}
				q := i + j
				if trailing(b[i:q], run)%2 == 1 {
					i, run = q+1, 0
					continue
				}
				inStr, run = false, 0
				i = q + 1
				continue
			}
			j := bytes.IndexAny(b[i:], "{}\"")
			if j < 0 {
				i = len(b)
				break
			}
			i += j
			switch b[i] {
			case '"':
				inStr, run = true, 0
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					i++
					break scan
				}
			}
			i++
		}
		buf = append(buf, b[:i]...)
		br.Discard(i)
		if depth == 0 {
			return buf, false, nil
		}
	}
}

// trailing is the number of backslashes that end b, counting those before
// it (prev) when all of b is backslashes.
func trailing(b []byte, prev int) int {
	n := 0
	for n < len(b) && b[len(b)-1-n] == '\\' {
		n++
	}
	if n == len(b) {
		return prev + n
	}
	return n
}

type decoded struct {
	e   Entry
	err error
}

type chunk struct {
	first int
	raws  [][]byte
	out   chan []decoded
}

// scanEntriesFast reads the entries list whose '[' was just read from dec
// and r, then checks that what follows closes the log and the file,
// reading any version or creator written after the entries.
func scanEntriesFast(dec *json.Decoder, r io.Reader, meta *Meta, each func(int, Entry) error) error {
	br := bufio.NewReaderSize(io.MultiReader(dec.Buffered(), r), 256<<10)
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *chunk, workers)
	order := make(chan *chunk, workers+2)
	stop := make(chan struct{})
	var splitErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				res := make([]decoded, len(c.raws))
				for i, raw := range c.raws {
					res[i].err = tolerant(json.Unmarshal(raw, &res[i].e))
				}
				c.out <- res
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		n, size := 0, 32 // a small first chunk: the first screen waits on it
		for {
			c := &chunk{first: n, out: make(chan []decoded, 1)}
			end := false
			for len(c.raws) < size {
				raw, done, err := nextRaw(br)
				if err != nil {
					splitErr = err
					end = true
					break
				}
				if done {
					end = true
					break
				}
				c.raws = append(c.raws, raw)
			}
			n += len(c.raws)
			size = 256
			if len(c.raws) > 0 {
				select {
				case order <- c:
				case <-stop:
					return
				}
				select {
				case jobs <- c:
				case <-stop:
					return
				}
			}
			if end {
				return
			}
		}
	}()
	var err error
	for c := range order {
		res := <-c.out
		for i, d := range res {
			if err != nil {
				break
			}
			if d.err != nil {
				err = fmt.Errorf("entry %d: %w", c.first+i+1, d.err)
				break
			}
			if e := each(c.first+i, d.e); e != nil {
				err = e
			}
			meta.Entries++
		}
		if err != nil {
			break
		}
	}
	if err != nil {
		close(stop)
		for range order { // let the splitter finish; workers never block on out
		}
		wg.Wait()
		return err
	}
	wg.Wait()
	if splitErr != nil {
		return fmt.Errorf("entry %d: %w", meta.Entries+1, splitErr)
	}
	return closeLog(br, meta)
}

// closeLog reads the rest of the log object and of the file: whatever
// follows the entries is read as the tail of an object, by putting a key
// in front of it.
func closeLog(r io.Reader, meta *Meta) error {
	for level := 0; level < 2; level++ {
		dec := json.NewDecoder(io.MultiReader(strings.NewReader(`{"_":0`), r))
		var tail struct {
			Version string  `json:"version"`
			Creator Creator `json:"creator"`
		}
		if err := tolerant(dec.Decode(&tail)); err != nil {
			return notHAR(fmt.Errorf("after the entries: %w", err))
		}
		if level == 0 {
			if tail.Version != "" {
				meta.Version = tail.Version
			}
			if tail.Creator.Name != "" {
				meta.Creator = tail.Creator
			}
		}
		r = io.MultiReader(dec.Buffered(), r)
	}
	rest, _ := io.ReadAll(io.LimitReader(r, 1<<10))
	if len(bytes.TrimSpace(rest)) > 0 {
		return errors.New("not a HAR file: text after its end")
	}
	return nil
}
