package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// newTestWatcher writes the watched scenarios into a folder and returns a
// watcher over a server loaded from them, with its log.
func newTestWatcher(t *testing.T) (w *watcher, dir string, log *bytes.Buffer) {
	t.Helper()
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "scenarios.yaml"), watchedScenarios)
	writeFile(t, filepath.Join(dir, "schemas/thing.json"), thingSchema)
	writeFile(t, filepath.Join(dir, "schemas/size.json"), `{"type": "integer"}`)
	writeFile(t, filepath.Join(dir, "fixtures/thing.json"), `{"id": "t1"}`)
	file := filepath.Join(dir, "scenarios.yaml")
	set, err := mockserver.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	log = &bytes.Buffer{}
	srv := mockserver.New(set, mockserver.Options{})
	return newWatcher(file, set, srv, slog.New(newTextHandler(log, slog.LevelInfo)), 0), dir, log
}

func TestWatcherReloadsOnlyWhenAFileItWasBuiltFromChanges(t *testing.T) {
	w, dir, log := newTestWatcher(t)
	before := w.srv.Scenarios()
	if w.poll() {
		t.Fatal("poll() reloaded with nothing changed")
	}
	writeFile(t, filepath.Join(dir, "notes.txt"), "not a scenario file")
	writeFile(t, filepath.Join(dir, "schemas/unused.json"), `{}`)
	if w.poll() {
		t.Error("poll() reloaded after files the set does not use appeared")
	}
	writeFile(t, filepath.Join(dir, "fixtures/thing.json"), `{"id": "t2"}`) // same size
	if !w.poll() || w.srv.Scenarios() == before {
		t.Errorf("poll() after a fixture edit did not swap the set; log:\n%s", log)
	}
	if w.poll() {
		t.Error("poll() reloaded twice for one edit")
	}
}

func TestWatcherKeepsTheOldSetUntilABrokenFileIsFixed(t *testing.T) {
	w, dir, log := newTestWatcher(t)
	good := w.srv.Scenarios()
	writeFile(t, filepath.Join(dir, "scenarios.yaml"), strings.Replace(watchedScenarios, "fixtures/thing.json", "fixtures/new.json", 1))
	if !w.poll() || w.srv.Scenarios() != good {
		t.Fatal("a broken reload replaced the set")
	}
	for _, want := range []string{
		"ERROR reload failed; still serving the previous scenarios file=" + filepath.Join(dir, "scenarios.yaml") + " problems=1\n",
		filepath.Join(dir, "scenarios.yaml") + `:5:39: scenario "get-thing": response.bodyFile: fixtures/new.json: file does not exist`,
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if w.poll() {
		t.Error("poll() retried a broken file that did not change")
	}
	if err := os.WriteFile(filepath.Join(dir, "fixtures/new.json"), []byte(`{"id": "new"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if !w.poll() || w.srv.Scenarios() == good {
		t.Errorf("creating the missing fixture did not reload; log:\n%s", log)
	}
	if !strings.Contains(log.String(), "scenarios reloaded") {
		t.Errorf("log lacks the reload:\n%s", log)
	}
}
