package lab

import (
	"math"
	"sync"
	"time"
)

const (
	searchCapacity = 10  // requests a client may burst
	searchRate     = 1.0 // tokens added per second
	maxBuckets     = 4096
	// busyClient is the client id the rate-limit scenario shares with a
	// simulated batch job that spends every token it can.
	busyClient = "shared-batch-job"
)

// limiter is a token bucket per client.
type limiter struct {
	mu       sync.Mutex
	capacity float64
	rate     float64
	now      func() time.Time
	buckets  map[string]*bucket
}

type bucket struct {
	tokens  float64
	last    time.Time
	busy    bool      // shared with the simulated batch job
	retryAt time.Time // when the busy client was told to come back
}

// verdict is what the limiter decided, in the terms of the RateLimit headers.
type verdict struct {
	ok         bool
	remaining  int
	retryAfter int // whole seconds until one token is back; 0 when ok
	reset      int // whole seconds until the bucket is full
}

func newLimiter(capacity, rate float64, now func() time.Time) *limiter {
	return &limiter{capacity: capacity, rate: rate, now: now, buckets: map[string]*bucket{}}
}

func (l *limiter) take(key string) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			clear(l.buckets) // a lab, not a production limiter: forget everyone
		}
		b = &bucket{tokens: l.capacity, last: now, busy: key == busyClient}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.capacity, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.busy {
		// The batch job took every token since the last request, unless the
		// client waited as Retry-After told it to: then one is left for it.
		waited := !b.retryAt.IsZero() && !now.Before(b.retryAt)
		b.retryAt = time.Time{}
		if waited {
			b.tokens = math.Min(b.tokens, 1)
		} else {
			b.tokens = 0
		}
	}
	v := verdict{ok: b.tokens >= 1}
	if v.ok {
		b.tokens--
	} else {
		v.retryAfter = int(math.Ceil((1 - b.tokens) / l.rate))
		if b.busy {
			b.retryAt = now.Add(time.Duration(v.retryAfter) * time.Second)
		}
	}
	v.remaining = int(math.Floor(b.tokens))
	v.reset = int(math.Ceil((l.capacity - b.tokens) / l.rate))
	return v
}

// outageLength is how long the invoice upstream stays down once it falls over.
const outageLength = 20 * time.Second

// outage is the invoice upstream's state. It falls over on the first request
// and comes back when the announced Retry-After has passed, so a client that
// waits as told succeeds; the next request finds it down again, so the
// scenario fails every time it is started.
type outage struct {
	mu     sync.Mutex
	backAt time.Time
}

// check reports whether the upstream answers now, and if not, how many
// whole seconds remain.
func (o *outage) check(now time.Time) (wait int, up bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case o.backAt.IsZero():
		o.backAt = now.Add(outageLength)
	case !now.Before(o.backAt):
		o.backAt = time.Time{}
		return 0, true
	}
	return int(math.Ceil(o.backAt.Sub(now).Seconds())), false
}
