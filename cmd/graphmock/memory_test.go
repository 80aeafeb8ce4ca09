package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkServeMemory measures the resident memory of graphmock serve
// once it is ready: the default set (the floor: the binary itself), and a
// file of 10,000 one-line scenarios, each a GET of its own item answered
// with 200 and a one-field body (the shape of scaleFile in the mockserver
// benchmarks). Each start waits for the ready file, checks that the set
// answers a GET, and then reads VmRSS and VmHWM (the peak) from
// /proc/PID/status; it reports the median of each in MB, and the median
// time from starting the process to its first answer in ms:
//
//	go test -run '^$' -bench ServeMemory -benchtime 5x ./cmd/graphmock
//
// It needs Linux's /proc and is skipped elsewhere.
func BenchmarkServeMemory(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("BenchmarkServeMemory reads /proc/PID/status, which only Linux has")
	}
	b.Run("default set", func(b *testing.B) {
		serveMemory(b, nil, "/beta/chats/c1/installedApps/a1/chat")
	})
	b.Run("scenarios=10000", func(b *testing.B) {
		const n = 10000
		file := filepath.Join(b.TempDir(), "scale.yaml")
		if err := os.WriteFile(file, oneLineScenarios(n), 0o644); err != nil {
			b.Fatal(err)
		}
		serveMemory(b, []string{"-scenarios", file}, "/v1.0/items/item-"+strconv.Itoa(n-1))
	})
}

// oneLineScenarios returns a scenario file of n scenarios, each a GET of
// /v1.0/items/item-N answered with 200 and {id: xN}.
func oneLineScenarios(n int) []byte {
	var b bytes.Buffer
	b.WriteString("version: 1\nscenarios:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - name: item %d\n    request: {method: GET, path: /v1.0/items/item-%d}\n    response: {status: 200, body: {id: x%d}}\n", i, i, i)
	}
	return b.Bytes()
}

// serveMemory starts graphmock serve with args again and again; once the
// ready file appears it GETs path, which must answer 200, and then reads
// the process's resident memory.
func serveMemory(b *testing.B, args []string, path string) {
	var rss, hwm, ready []float64
	for i := 0; b.Loop(); i++ {
		p := startServed(b, args, path, fmt.Sprintf("url-%d", i))
		ready = append(ready, float64(p.elapsed)/float64(time.Millisecond))
		// serve goes on after writing the ready file (it logs that it
		// is serving): give it a moment to settle before reading.
		time.Sleep(50 * time.Millisecond)
		status, err := procStatus(p.cmd.Process.Pid)
		p.stop()
		if err != nil {
			b.Fatal(err)
		}
		rss, hwm = append(rss, status["VmRSS"]), append(hwm, status["VmHWM"])
	}
	for _, m := range []struct {
		values []float64
		unit   string
	}{{rss, "RSS-MB"}, {hwm, "peakRSS-MB"}, {ready, "answering-ms"}} {
		slices.Sort(m.values)
		b.ReportMetric(m.values[len(m.values)/2], m.unit)
	}
}

// A served process is graphmock serve started by startServed.
type served struct {
	cmd     *exec.Cmd
	elapsed time.Duration // from starting it to its first answer
}

// stop ends the process as a test suite would, with SIGTERM.
func (p served) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
}

// startServed starts graphmock serve with args on a free port, waits for
// its ready file (named ready, in the benchmark's temporary folder), and
// GETs path, which must answer 200; the process is left running.
func startServed(b *testing.B, args []string, path, ready string) served {
	b.Helper()
	ready = filepath.Join(b.TempDir(), ready)
	start := time.Now()
	cmd := exec.Command(binary, append([]string{"serve", "-addr", "127.0.0.1:0", "-ready-file", ready, "-log-level", "warn"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := served{cmd: cmd}
	var url []byte
	for {
		var err error
		if url, err = os.ReadFile(ready); err == nil {
			break
		}
		if time.Since(start) > 20*time.Second {
			cmd.Process.Kill()
			cmd.Wait()
			b.Fatalf("no ready file after 20s: %v\nstderr:\n%s", err, &stderr)
		}
		time.Sleep(100 * time.Microsecond)
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	req, _ := http.NewRequest("GET", string(url)+path, nil)
	req.Header.Set("Authorization", "Bearer test")
	resp, err := client.Do(req)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	p.elapsed = time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		p.stop()
		b.Fatalf("GET %s: %v %v\nstderr:\n%s", path, err, resp, &stderr)
	}
	return p
}

// procStatus reads the kB fields of /proc/PID/status, such as VmRSS, in
// MB (2^20 bytes).
func procStatus(pid int) (map[string]float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	fields := map[string]float64{}
	for _, line := range strings.Split(string(data), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, ok := strings.CutSuffix(strings.TrimSpace(value), " kB")
		if !ok {
			continue
		}
		if n, err := strconv.ParseFloat(kb, 64); err == nil {
			fields[name] = n / 1024
		}
	}
	for _, want := range []string{"VmRSS", "VmHWM"} {
		if _, ok := fields[want]; !ok {
			return nil, fmt.Errorf("/proc/%d/status has no %s", pid, want)
		}
	}
	return fields, nil
}
