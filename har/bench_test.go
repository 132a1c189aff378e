package har

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authlens/authlens/diagnose"
)

// bigHAR writes a capture of n entries of about 10 KB each (n = 10,000 is
// the 100 MB of the budget): mostly 200s with JSON bodies, with 401s,
// 403s, 429s, redirects and blocked calls among them.
func bigHAR(tb testing.TB, n int) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "big.har")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	body := `{"items":[` + strings.Repeat(`{"id":12345,"name":"widget","tags":["a","b","c"],"price":9.99},`, 150) + `{"id":0}]}`
	w.WriteString(`{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteByte(',')
		}
		status, hdr, text := 200, `{"name":"Content-Type","value":"application/json"}`, body
		switch i % 20 {
		case 3:
			status, hdr, text = 401, `{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\""}`, `{"error":"invalid_token"}`
		case 7:
			status, text = 403, `{"message":"Forbidden"}`
		case 11:
			status, hdr, text = 429, `{"name":"Retry-After","value":"30"}`, ""
		case 15:
			status, hdr, text = 302, fmt.Sprintf(`{"name":"Location","value":"https://cdn.example.test/r/%d"}`, i), ""
		case 16:
			status = 0
		}
		url := fmt.Sprintf("https://api.example.test/v1/items/%d?page=2", i)
		if i%20 == 16 {
			url = fmt.Sprintf("https://cdn.example.test/r/%d", i-1)
		}
		e := fmt.Sprintf(`{"startedDateTime":"2026-12-01T10:00:%02d.%03dZ","time":12.5,`+
			`"request":{"method":"GET","url":%q,"httpVersion":"HTTP/1.1","cookies":[],"headers":[{"name":"Authorization","value":"Bearer tok-%06d-abcdefghijkl"},{"name":"Accept","value":"application/json"}],"queryString":[],"headersSize":-1,"bodySize":0},`+
			`"response":{"status":%d,"statusText":"","httpVersion":"HTTP/1.1","cookies":[],"headers":[%s],"content":{"size":%d,"mimeType":"application/json","text":%s},"redirectURL":"","headersSize":-1,"bodySize":%d},`+
			`"cache":{},"timings":{"blocked":-1,"dns":-1,"connect":-1,"send":0.1,"wait":10,"receive":2.4,"ssl":-1}}`,
			i%60, i%1000, url, i, status, hdr, len(text), strconv.Quote(text), len(text))
		w.WriteString(e)
	}
	w.WriteString("]}}\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}

const budgetEntries = 10000

// cpuTime is the process's user and system time so far: on a machine
// shared with other work, wall time measures the neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func fileMB(tb testing.TB, p string) float64 {
	st, err := os.Stat(p)
	if err != nil {
		tb.Fatal(err)
	}
	return float64(st.Size()) / 1e6
}

// BenchmarkHARFirstScreen is the time from opening a 100 MB capture to the
// first batch of rows the traffic list draws.
func BenchmarkHARFirstScreen(b *testing.B) {
	p := bigHAR(b, budgetEntries)
	mb := fileMB(b, p)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		f, _ := os.Open(p)
		ctx, cancel := context.WithCancel(context.Background())
		batch := <-Stream(ctx, f, diagnose.Options{})
		if len(batch.Items) == 0 {
			b.Fatal("no first batch")
		}
		cancel()
		f.Close()
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(mb, "file-MB")
}

// BenchmarkHARDiagnoseAll reads, links and diagnoses every entry of a
// 100 MB capture, and reports the peak RSS of a process doing only that
// as a multiple of the file's size.
func BenchmarkHARDiagnoseAll(b *testing.B) {
	p := bigHAR(b, budgetEntries)
	mb := fileMB(b, p)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		f, _ := os.Open(p)
		tr, _, err := Load(f, diagnose.Options{})
		f.Close()
		if err != nil || len(tr.Items) != budgetEntries {
			b.Fatalf("%v, %d items", err, len(tr.Items))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHARPeakRSSHelper$")
	cmd.Env = append(os.Environ(), "AUTHLENS_HAR_RSS="+p)
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("helper: %v", err)
	}
	var kb float64
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "peak-kB "); ok {
			kb, _ = strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	b.ReportMetric(mb, "file-MB")
	if kb > 0 {
		b.ReportMetric(kb/1000/mb, "peakRSS/file")
	}
}

// TestHARPeakRSSHelper loads a capture and prints the process's peak RSS;
// it runs only as BenchmarkHARDiagnoseAll's child.
func TestHARPeakRSSHelper(t *testing.T) {
	p := os.Getenv("AUTHLENS_HAR_RSS")
	if p == "" {
		t.Skip("run by BenchmarkHARDiagnoseAll")
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	tr, _, err := Load(f, diagnose.Options{})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Printf("peak-kB %s\n", strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
		}
	}
	_ = len(tr.Items)
}

// BenchmarkHARRedact is har redact over the 100 MB capture.
func BenchmarkHARRedact(b *testing.B) {
	p := bigHAR(b, budgetEntries)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, _ := os.Open(p)
		if err := Redact(f, discard{}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
