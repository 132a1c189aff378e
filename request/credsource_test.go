package request

import (
	"context"
	"errors"
	"os"
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
	mark := t.TempDir() + "/child"
	_, err := TokenFromCommand(ctx, "(sleep 1; touch "+mark+") & sleep 30; echo late")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped command: %v", err)
	}
	// The shell's child went with it: it never wakes to leave its mark.
	time.Sleep(1500 * time.Millisecond)
	if _, err := os.Stat(mark); err == nil {
		t.Fatal("a child of the stopped command lived on")
	}
}
