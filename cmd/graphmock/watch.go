package main

import (
	"context"
	"hash/crc32"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
// clock. While the last reload has failed, it also watches the folders
// holding those files, so that creating the file a broken scenario file
// was missing triggers a reload; while the set is good, the list of files
// is complete, and a file appearing beside them changes nothing.
type watcher struct {
	file     string // the scenario file, as given on the command line
	dir      string // its folder; the set's Files are relative to it
	srv      *mockserver.Server
	log      *slog.Logger
	interval time.Duration
	metadata metadataFlags // applied to every reload

	// Touched only by poll, on one goroutine.
	paths   watched // what to look at
	last    looked  // what the last poll saw
	failing bool    // the last reload failed
}

// newWatcher returns a watcher for file, which set, served by srv, was
// loaded from.
func newWatcher(file string, set *mockserver.ScenarioSet, srv *mockserver.Server, log *slog.Logger, interval time.Duration) *watcher {
	w := &watcher{file: file, dir: filepath.Dir(file), srv: srv, log: log, interval: interval}
	w.paths = w.watch(set)
	w.last = w.paths.look()
	return w
}

// fileState is what a poll sees of one path.
type fileState struct {
	exists  bool
	size    int64
	modTime time.Time
	sum     uint32 // CRC-32 of a file's contents (when small enough to read) or a folder's names
}

// maxSummed is the largest file whose contents each poll checksums.
const maxSummed = 1 << 20

// run polls until ctx is done.
func (w *watcher) run(ctx context.Context) {
	w.log.Info("watching for changes", "file", w.file, "files", len(w.paths.files), "every", w.interval)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.poll()
		}
	}
}

// poll looks at the files once and, if one changed, reloads the scenario
// file. It reports whether it tried to reload.
func (w *watcher) poll() bool {
	now := w.paths.look()
	changed := !maps.Equal(now.files, w.last.files) || w.failing && !maps.Equal(now.dirs, w.last.dirs)
	// Whatever changes from here on differs from now and is seen at the
	// next poll.
	w.last = now
	if !changed {
		return false
	}
	next, _, err := w.metadata.load(w.file)
	if err != nil {
		w.failing = true
		w.reportFailure(err)
		return true
	}
	w.failing = false
	w.srv.SetScenarios(next)
	w.log.Info("scenarios reloaded", "file", w.file, "count", next.Len())
	warnResponses(w.log, next)
	// Keep what the poll before loading saw of the paths still watched,
	// so that a change made while loading is not missed.
	w.paths = w.watch(next)
	fresh := w.paths.look()
	keepSeen(fresh.files, w.last.files)
	keepSeen(fresh.dirs, w.last.dirs)
	w.last = fresh
	return true
}

// keepSeen replaces the states in fresh of the paths seen holds too.
func keepSeen(fresh, seen map[string]fileState) {
	for p := range fresh {
		if st, ok := seen[p]; ok {
			fresh[p] = st
		}
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

// watched is what a watcher looks at: the files a set was built from,
// and the folders holding them.
type watched struct {
	files, dirs []string
}

// looked is what one poll saw of the watched paths.
type looked struct {
	files, dirs map[string]fileState
}

// watch lists the files set was built from and the folders holding them.
func (w *watcher) watch(set *mockserver.ScenarioSet) watched {
	var out watched
	seenDir := make(map[string]bool)
	for _, f := range append(set.Files(), filepath.Base(w.file)) {
		p := filepath.Join(w.dir, filepath.FromSlash(f))
		if slices.Contains(out.files, p) {
			continue
		}
		out.files = append(out.files, p)
		if d := filepath.Dir(p); !seenDir[d] {
			seenDir[d] = true
			out.dirs = append(out.dirs, d)
		}
	}
	return out
}

func (ws watched) look() looked {
	return looked{files: stat(ws.files), dirs: stat(ws.dirs)}
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
		switch {
		case fi.IsDir():
			// A folder's time changes when a file is added, but maybe
			// not within one tick of the clock; its names always do.
			if entries, err := os.ReadDir(p); err == nil {
				h := crc32.NewIEEE()
				for _, e := range entries {
					io.WriteString(h, e.Name()+"/")
				}
				st.sum = h.Sum32()
			}
		case fi.Mode().IsRegular() && fi.Size() <= maxSummed:
			if data, err := os.ReadFile(p); err == nil {
				st.sum = crc32.ChecksumIEEE(data)
			}
		}
		out[p] = st
	}
	return out
}
