package request

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

// A command stopped by its context ends now, not when a child of its
// shell that holds the output open ends, and says it was stopped.
func TestTokenFromCommandStops(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the shell here is sh")
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := TokenFromCommand(ctx, "sleep 30 & sleep 30; echo late")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped command: %v", err)
	}
}
