package har

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/authlens/authlens/diagnose"
)

// EntryOutput is one element of `diagnose FILE.har --json`: the usual
// diagnosis object with the entry's place in the capture and its start.
type EntryOutput struct {
	Entry   int       `json:"entry"` // from 1, as a person counts
	Started time.Time `json:"started"`
	diagnose.Output
}

// MarshalJSON puts the entry fields in front of the diagnosis object's
// own, which marshals itself.
func (o EntryOutput) MarshalJSON() ([]byte, error) {
	inner, err := json.Marshal(o.Output)
	if err != nil {
		return nil, err
	}
	head, err := json.Marshal(struct {
		Entry   int       `json:"entry"`
		Started time.Time `json:"started"`
	}{o.Entry, o.Started})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(head[:len(head)-1])
	if len(inner) > 2 {
		b.WriteByte(',')
		b.Write(inner[1:])
	} else {
		b.WriteByte('}')
	}
	return b.Bytes(), nil
}

// WriteReport prints the diagnosis of every failing item, as text or as a
// JSON array, redacted unless showSecrets, and says how many failed.
func WriteReport(w io.Writer, items []*Item, jsonOut, showSecrets bool) (failed int, err error) {
	outs := []EntryOutput{}
	for _, it := range items {
		if !it.Failed() {
			continue
		}
		failed++
		x := it.X
		if !showSecrets {
			x = x.Redacted()
		}
		if jsonOut {
			outs = append(outs, EntryOutput{Entry: it.Index + 1, Started: it.X.At, Output: diagnose.NewOutput(x, it.Report)})
			continue
		}
		fmt.Fprintf(w, "── entry %d", it.Index+1)
		if !it.X.At.IsZero() {
			fmt.Fprintf(w, " · %s", it.X.At.UTC().Format(time.RFC3339))
		}
		if it.Preflight >= 0 {
			fmt.Fprintf(w, " · preflight: entry %d", it.Preflight+1)
		}
		if it.RedirectFrom >= 0 {
			fmt.Fprintf(w, " · redirected from entry %d", it.RedirectFrom+1)
		}
		fmt.Fprintln(w, " ──")
		diagnose.WriteText(w, x, it.Report)
		fmt.Fprintln(w)
	}
	if jsonOut {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return failed, enc.Encode(outs)
	}
	fmt.Fprintf(w, "%d of %d entries failed\n", failed, len(items))
	return failed, nil
}

// Load reads a whole capture into a Traffic.
func Load(r io.Reader, opts diagnose.Options) (*Traffic, Meta, error) {
	t := &Traffic{Linker: Linker{Options: opts}}
	meta, err := Scan(r, func(_ int, e Entry) error {
		t.Add(e)
		return nil
	})
	return t, meta, err
}

// Batch is some items of a capture being streamed; the last one has Done
// set, and Err when the capture broke off.
type Batch struct {
	Items []*Item
	Done  bool
	Err   error
}

// Stream reads a capture in the background and sends its items in
// batches: a small first one, so a screen can show the start of a large
// file at once, then larger ones. The channel closes after the Done batch;
// cancel stops reading early.
func Stream(ctx context.Context, r io.Reader, opts diagnose.Options) <-chan Batch {
	ch := make(chan Batch, 4)
	go func() {
		defer close(ch)
		l := Linker{Options: opts}
		size := 64
		var cur []*Item
		send := func(b Batch) bool {
			select {
			case ch <- b:
				return true
			case <-ctx.Done():
				return false
			}
		}
		_, err := Scan(r, func(_ int, e Entry) error {
			cur = append(cur, l.NextEntry(e))
			if len(cur) >= size {
				if !send(Batch{Items: cur}) {
					return ctx.Err()
				}
				cur, size = nil, 2048
			}
			return nil
		})
		send(Batch{Items: cur, Done: true, Err: err})
	}()
	return ch
}
