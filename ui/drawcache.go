package ui

import (
	"hash/maphash"

	"charm.land/lipgloss/v2"
)

// drawCache remembers what was drawn for given inputs. Measuring text is
// most of a frame's cost, and most of a frame is panes that did not change
// since the last: a scroll redraws one pane, a spinner tick none.
type drawCache struct {
	cur, old map[uint64]string
}

// maxDrawn bounds the cache. When it fills, what was drawn so far becomes
// the old generation and is dropped the next time: a pane still on screen
// is found there and carried over, so a long scroll never redraws them all.
const maxDrawn = 64

func (c *drawCache) get(k uint64) (string, bool) {
	if s, ok := c.cur[k]; ok {
		return s, true
	}
	s, ok := c.old[k]
	if ok {
		c.put(k, s)
	}
	return s, ok
}

func (c *drawCache) put(k uint64, s string) {
	if c.cur == nil || len(c.cur) >= maxDrawn {
		c.old, c.cur = c.cur, make(map[uint64]string, maxDrawn)
	}
	c.cur[k] = s
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
