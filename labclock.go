package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/authlens/authlens/lab"
)

// labAheadEnv is a test hook, not a user setting. Given a duration (Go
// syntax, "2h"), the embedded lab starts with its clock that far in the
// past and moves it ahead to the machine's time once everything made at
// start-up is made: as if the lab had been left running that long. A test
// of the real binary proves with it that nothing the lab handed out at
// start decays. An environment variable keeps it off the command line,
// whose flags are a documented contract.
const labAheadEnv = "AUTHLENS_TEST_LAB_CLOCK_AHEAD"

// labClock is the lab's options, and a func to call once start-up is
// done; both plain (the machine's clock) unless the test hook is set.
func labClock() (lab.Options, func(), error) {
	v := os.Getenv(labAheadEnv)
	if v == "" {
		return lab.Options{}, func() {}, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return lab.Options{}, nil, usageError{fmt.Sprintf("%s wants a duration such as 2h, got %q", labAheadEnv, v)}
	}
	var behind atomic.Int64
	behind.Store(int64(d))
	now := func() time.Time { return time.Now().Add(-time.Duration(behind.Load())) }
	return lab.Options{Now: now}, func() { behind.Store(0) }, nil
}
