package textview

import "hash/maphash"

// DrawCache remembers what was drawn for given inputs. Measuring text is
// most of a frame's cost, and most of a frame is panes that did not change
// since the last: a scroll redraws one pane, a spinner tick none.
type DrawCache struct {
	cur, old map[uint64]string
}

// maxDrawn bounds the cache. When it fills, what was drawn so far becomes
// the old generation and is dropped the next time: a pane still on screen
// is found there and carried over, so a long scroll never redraws them all.
const maxDrawn = 64

// Get is what was drawn for key k, if it is still kept.
func (c *DrawCache) Get(k uint64) (string, bool) {
	if s, ok := c.cur[k]; ok {
		return s, true
	}
	s, ok := c.old[k]
	if ok {
		c.Put(k, s)
	}
	return s, ok
}

// Put keeps s as what was drawn for key k.
func (c *DrawCache) Put(k uint64, s string) {
	if c.cur == nil || len(c.cur) >= maxDrawn {
		c.old, c.cur = c.cur, make(map[uint64]string, maxDrawn)
	}
	c.cur[k] = s
}

// BoxKey identifies a box by everything box draws it from.
func BoxKey(title string, body []string, w, h int, focused bool) uint64 {
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

// PartsKey identifies a drawing by a tag saying what it is, two numbers
// and the parts it is made of.
func PartsKey(tag byte, n1, n2 int, parts []string) uint64 {
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

// Memo is what draw draws for key, drawn only the first time.
func (c *DrawCache) Memo(key uint64, draw func() string) string {
	if s, ok := c.Get(key); ok {
		return s
	}
	s := draw()
	c.Put(key, s)
	return s
}
