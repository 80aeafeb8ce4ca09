package localca

import (
	"crypto"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenThatLosesTheRaceLoadsTheWinnersCA(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "ca")

	// The loser has written its CA to a temporary folder; before it can
	// rename that into place, the winner opens the folder from start to
	// finish.
	var winner *CA
	var winnerErr error
	loser, err := Open(dir, Options{beforeRename: func() {
		winner, winnerErr = Open(dir, Options{})
	}})
	if winnerErr != nil {
		t.Fatalf("the winner's Open error = %v", winnerErr)
	}
	if err != nil {
		t.Fatalf("the loser's Open error = %v", err)
	}
	if !winner.Created() || loser.Created() {
		t.Errorf("Created() = %v for the winner and %v for the loser, want true and false", winner.Created(), loser.Created())
	}
	if w, l := winner.cert.SerialNumber, loser.cert.SerialNumber; w.Cmp(l) != 0 {
		t.Errorf("the loser got the CA with serial %x, want the winner's %x", l, w)
	}
	if !loser.key.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(winner.key.Public()) {
		t.Error("the loser got another key than the winner's")
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %q, want only ca: the loser must remove its temporary folder", parent, names)
	}
}
