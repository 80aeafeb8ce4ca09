package main

import (
	"io"
	"net/http"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"testing"
)

// heapGoal is the heap size at which the garbage collector next collects,
// read right after a collection.
func heapGoal() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func TestGCHeadroomRaisesTheCollectionTarget(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer func() { gcBallast = nil }()
	before := heapGoal()
	keepGCHeadroom()
	after := heapGoal()
	// At GOGC=100 the target is twice the live heap: 16 MB more live heap
	// moves it by 32 MB. Half of that is the least that shows it worked.
	if after < before+gcHeadroom {
		t.Errorf("the collection target went from %d to %d bytes; want it %d higher at least", before, after, gcHeadroom)
	}
	if len(gcBallast) != gcHeadroom {
		t.Errorf("the headroom allocation is %d bytes, want %d", len(gcBallast), gcHeadroom)
	}
}

func TestGCHeadroomLeavesTheUsersTuningAlone(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv(env, map[string]string{"GOGC": "50", "GOMEMLIMIT": "512MiB"}[env])
			defer func() { gcBallast = nil }()
			keepGCHeadroom()
			if gcBallast != nil {
				t.Errorf("with %s set, graphmock still added %d bytes of headroom", env, len(gcBallast))
			}
		})
	}
}

// graphmock serve keeps the headroom, and it is address space, not
// memory: the process collects less often, and is no bigger at rest, than
// with the runtime's default (GOGC=100 turns the headroom off).
func TestServeKeepsGCHeadroomThatIsNotResident(t *testing.T) {
	type reading struct {
		rss  float64 // MB resident after the first answer
		goal float64 // MB, the last collection target the runtime traced
	}
	read := func(env string) reading {
		p := startBinaryEnv(t, []string{"GOMEMLIMIT=", "GODEBUG=gctrace=1", env}, "-log-level", "warn")
		resp, err := http.Get(p.url + "/v1.0/me")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		status, err := procStatus(p.cmd.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		// Loading forces a collection (debug.FreeOSMemory), so the trace
		// has a line such as "gc 3 @0.1s 2%: ..., 4->4->1 MB, 33 MB goal, ...".
		goals := gcGoal.FindAllStringSubmatch(p.stderr.String(), -1)
		if len(goals) == 0 {
			t.Fatalf("%s: no collection in the runtime's trace:\n%s", env, p.stderr)
		}
		goal, _ := strconv.ParseFloat(goals[len(goals)-1][1], 64)
		return reading{rss: status["VmRSS"], goal: goal}
	}
	with, without := read("GOGC="), read("GOGC=100")
	if with.goal < without.goal+gcHeadroom>>20 {
		t.Errorf("collection target %.0f MB with the headroom, %.0f MB without; want %d MB more at least", with.goal, without.goal, gcHeadroom>>20)
	}
	if with.rss > without.rss+gcHeadroom/(1<<20)/2 {
		t.Errorf("graphmock serve at rest: %.1f MB resident with the GC headroom, %.1f MB without; the %d MB must not be resident", with.rss, without.rss, gcHeadroom>>20)
	}
}

var gcGoal = regexp.MustCompile(`, (\d+) MB goal`)
