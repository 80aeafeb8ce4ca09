package main

import (
	"context"
	"hash/crc32"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// A watcher reloads a scenario file into a server when the file, or any
// file the served set was built from (schemas, the files their $refs
// reach, fixtures), changes on disk.
//
// It polls sizes, modification times and (for files up to 1 MiB) a
// checksum of the contents, rather than subscribing to file system
// events: the standard library has no portable notification API, a few
// dozen small reads every few hundred milliseconds cost nothing, and
// polling sees through editors that save by renaming and through folders
// mounted into containers, where events often never arrive. The checksum
// catches two saves of the same size within one tick of the file system's
// clock. It also watches the folders holding those files, so that
// creating a file a broken scenario file was missing triggers a reload.
type watcher struct {
	file     string // the scenario file, as given on the command line
	dir      string // its folder; the set's Files are relative to it
	srv      *mockserver.Server
	log      *slog.Logger
	interval time.Duration
}

func newWatcher(file string, srv *mockserver.Server, log *slog.Logger, interval time.Duration) *watcher {
	return &watcher{file: file, dir: filepath.Dir(file), srv: srv, log: log, interval: interval}
}

// fileState is what a poll sees of one path.
type fileState struct {
	exists  bool
	size    int64
	modTime time.Time
	sum     uint32 // CRC-32 of a file's contents, when it is small enough to read
}

// maxSummed is the largest file whose contents each poll checksums.
const maxSummed = 1 << 20

// run polls until ctx is done. set is the set being served, loaded from
// the watcher's file.
func (w *watcher) run(ctx context.Context, set *mockserver.ScenarioSet) {
	paths := w.paths(set)
	last := stat(paths)
	w.log.Info("watching for changes", "file", w.file, "files", len(set.Files()), "every", w.interval)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := stat(paths)
		if maps.Equal(now, last) {
			continue
		}
		// Whatever changes from here on differs from now and is seen
		// at the next poll.
		last = now
		next, err := mockserver.LoadFile(w.file)
		if err != nil {
			w.reportFailure(err)
			continue
		}
		w.srv.SetScenarios(next)
		w.log.Info("scenarios reloaded", "file", w.file, "count", len(next.Scenarios()))
		warnResponses(w.log, next)
		// Keep what the poll before loading saw of the paths still
		// watched, so that a change made while loading is not missed.
		paths = w.paths(next)
		fresh := stat(paths)
		for p := range fresh {
			if st, seen := last[p]; seen {
				fresh[p] = st
			}
		}
		last = fresh
	}
}

// reportFailure logs a failed reload: a summary, then each problem on its
// own line with its file:line:column.
func (w *watcher) reportFailure(err error) {
	les := mockserver.LoadErrors(err)
	w.log.Error("reload failed; still serving the previous scenarios", "file", w.file, "problems", max(len(les), 1))
	if len(les) == 0 {
		w.log.Error(err.Error())
	}
	for _, le := range les {
		w.log.Error(le.Error())
	}
}

// paths lists the files set was built from and the folders holding them.
func (w *watcher) paths(set *mockserver.ScenarioSet) []string {
	files := set.Files()
	out := make([]string, 0, 2*len(files)+1)
	seenDir := make(map[string]bool)
	for _, f := range append(files, filepath.Base(w.file)) {
		p := filepath.Join(w.dir, filepath.FromSlash(f))
		out = append(out, p)
		if d := filepath.Dir(p); !seenDir[d] {
			seenDir[d] = true
			out = append(out, d)
		}
	}
	return out
}

// stat returns the state of each path; a path that cannot be read counts
// as absent.
func stat(paths []string) map[string]fileState {
	out := make(map[string]fileState, len(paths))
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			out[p] = fileState{}
			continue
		}
		st := fileState{exists: true, size: fi.Size(), modTime: fi.ModTime()}
		if fi.Mode().IsRegular() && fi.Size() <= maxSummed {
			if data, err := os.ReadFile(p); err == nil {
				st.sum = crc32.ChecksumIEEE(data)
			}
		}
		out[p] = st
	}
	return out
}
