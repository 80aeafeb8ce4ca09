package graphmock_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// TestLoopbackBaselineGivesGraphmocksAnswer keeps the loopback benchmark
// fair: for the bodyType: auto shapes, bench/baseline answers with
// bench/user-created.json, which must be, byte for byte, the body
// graphmock answers examples/graph-metadata.yaml's create-user call
// (bench/user.json) with, and in the same status.
func TestLoopbackBaselineGivesGraphmocksAnswer(t *testing.T) {
	set, err := mockserver.LoadFile("examples/graph-metadata.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mockserver.New(set, mockserver.Options{}))
	defer srv.Close()
	body, err := os.ReadFile("bench/user.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("bench/user-created.json")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1.0/users", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer test")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("graphmock answered %d, the Makefile's baseline answers 201: %s", resp.StatusCode, got)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("graphmock answers\n%s\nbench/user-created.json holds\n%s\nrewrite the file with graphmock's answer", got, want)
	}
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(mk), "BASE_STATUS=201 BASE_RESPONSE=bench/user-created.json"); n < 2 {
		t.Errorf("the Makefile's bodyType lines compare against a baseline giving graphmock's answer %d times, want both (same and varied bodies)", n)
	}
}
