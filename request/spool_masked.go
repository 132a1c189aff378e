package request

import (
	"bytes"
	"context"
	"errors"
	"io"
)

// The stretch of a body read around a match to see whether a secret covers
// it: a field's name comes before its value.
const secretBefore, secretWindow = 4 << 10, 64 << 10

// SearchMasked is Search as the lines are shown masked (SecretSpans with
// contentType and secrets): a match inside a secret is left out, or a
// search could spell out, a letter at a time, what the mask hides.
func (s *Spool) SearchMasked(ctx context.Context, query string, fold bool, max int, contentType string, secrets []string) ([]int64, bool, error) {
	offs, capped, err := s.Search(ctx, query, fold, max)
	if err != nil || len(offs) == 0 {
		return offs, capped, err
	}
	w := maskWindow{contentType: contentType, secrets: secrets}
	kept := offs[:0]
	for _, off := range offs {
		if err := ctx.Err(); err != nil {
			return kept, false, err
		}
		end := off + int64(len(query))
		if !w.holds(off, end) {
			if err := w.read(s, off); err != nil {
				return kept, capped, err
			}
		}
		if !w.covers(off, end) {
			kept = append(kept, off)
		}
	}
	return kept, capped, nil
}

// maskWindow is a stretch of a body and the secret spans in it.
type maskWindow struct {
	contentType string
	secrets     []string
	at          int64
	text        []byte
	folded      []byte // text in lower case, without - or _
	spans       [][2]int
}

// holds reports whether a match from..to lies in the window with the
// context before it that its secret's name would be in.
func (w *maskWindow) holds(from, to int64) bool {
	return len(w.text) > 0 && (from-w.at >= secretBefore || w.at == 0) && to <= w.at+int64(len(w.text))
}

func (w *maskWindow) read(s *Spool, off int64) error {
	w.at = max(0, off-secretBefore)
	if cap(w.text) < secretWindow {
		w.text = make([]byte, secretWindow)
	}
	n, err := s.ReadAt(w.text[:secretWindow], w.at)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	w.text, w.spans = w.text[:n], nil
	if w.mayHoldSecret() {
		w.spans = SecretSpans(string(w.text), w.contentType, w.secrets)
	}
	return nil
}

// mayHoldSecret is a quick look that spares scanning most of a large body
// for its secrets: one of the known values, or a secret field's name.
func (w *maskWindow) mayHoldSecret() bool {
	for _, v := range w.secrets {
		if v != "" && bytes.Contains(w.text, []byte(v)) {
			return true
		}
	}
	w.folded = w.folded[:0]
	for _, c := range w.text {
		switch {
		case c == '-' || c == '_':
			continue
		case c-'A' < 26:
			c += 'a' - 'A'
		}
		w.folded = append(w.folded, c)
	}
	return mayNameSecretField(w.folded)
}

func (w *maskWindow) covers(from, to int64) bool {
	f, t := int(from-w.at), int(to-w.at)
	for _, sp := range w.spans {
		if f < sp[1] && t > sp[0] {
			return true
		}
	}
	return false
}
