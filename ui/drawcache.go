package ui

import (
	"hash/maphash"

	"charm.land/lipgloss/v2"
)

// drawCache remembers what was drawn for given inputs. Measuring text is
// most of a frame's cost, and most of a frame is panes that did not change
// since the last: a scroll redraws one pane, a spinner tick none.
type drawCache struct {
	m map[uint64]string
}

// maxDrawn bounds the cache: a frame draws a handful of boxes, and what
// fell out of use is dropped wholesale.
const maxDrawn = 64

func (c *drawCache) get(k uint64) (string, bool) {
	s, ok := c.m[k]
	return s, ok
}

func (c *drawCache) put(k uint64, s string) {
	if c.m == nil || len(c.m) >= maxDrawn {
		c.m = make(map[uint64]string, maxDrawn)
	}
	c.m[k] = s
}

// boxKey identifies a box by everything box draws it from.
func boxKey(title string, body []string, w, h int, focused bool) uint64 {
	var d maphash.Hash
	d.SetSeed(lineSeed)
	d.WriteString(title)
	for _, l := range body {
		d.WriteByte(0)
		d.WriteString(l)
	}
	var flags byte
	if focused {
		flags = 1
	}
	d.WriteByte(1)
	d.WriteByte(flags)
	writeInt(&d, w)
	writeInt(&d, h)
	writeInt(&d, len(body))
	return d.Sum64()
}

func writeInt(d *maphash.Hash, n int) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	d.Write(b[:])
}

// Joins and the frame are cached by their parts: when no pane changed,
// nothing is measured again.
const (
	tagJoinH byte = iota + 2
	tagJoinV
	tagFrame
)

func partsKey(tag byte, n1, n2 int, parts []string) uint64 {
	var d maphash.Hash
	d.SetSeed(lineSeed)
	d.WriteByte(tag)
	writeInt(&d, n1)
	writeInt(&d, n2)
	for _, p := range parts {
		writeInt(&d, len(p))
		d.WriteString(p)
	}
	return d.Sum64()
}

func (c *drawCache) memo(key uint64, draw func() string) string {
	if s, ok := c.get(key); ok {
		return s
	}
	s := draw()
	c.put(key, s)
	return s
}

// joinHorizontal is lipgloss.JoinHorizontal, remembered.
func (s *Styles) joinHorizontal(pos lipgloss.Position, blocks ...string) string {
	return s.boxes.memo(partsKey(tagJoinH, int(pos*1000), 0, blocks), func() string {
		return lipgloss.JoinHorizontal(pos, blocks...)
	})
}

// joinVertical is lipgloss.JoinVertical, remembered.
func (s *Styles) joinVertical(pos lipgloss.Position, blocks ...string) string {
	return s.boxes.memo(partsKey(tagJoinV, int(pos*1000), 0, blocks), func() string {
		return lipgloss.JoinVertical(pos, blocks...)
	})
}
