package textview

import "testing"

// TestDrawCacheKeepsWhatIsOnScreen: a box drawn every frame survives any
// number of others coming and going, and the cache stays bounded.
func TestDrawCacheKeepsWhatIsOnScreen(t *testing.T) {
	var c DrawCache
	c.Put(1, "request pane")
	for k := uint64(2); k < 1000; k++ {
		if s, ok := c.Get(1); !ok || s != "request pane" {
			t.Fatalf("after %d other boxes the steady one is gone", k-2)
		}
		if _, ok := c.Get(k); ok {
			t.Fatalf("box %d found before it was drawn", k)
		}
		c.Put(k, "scrolled pane")
		if n := len(c.cur) + len(c.old); n > 2*maxDrawn {
			t.Fatalf("%d boxes kept", n)
		}
	}
}
