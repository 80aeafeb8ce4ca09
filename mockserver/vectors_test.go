package mockserver_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
)

// chatVector is one entry of testdata/chat-vectors.json: a request body for
// the chat $ref endpoint and the verdict the default scenario must give.
type chatVector struct {
	Name  string          `json:"name"`
	Valid bool            `json:"valid"`
	Field string          `json:"field"`
	Body  json.RawMessage `json:"body"`
	Raw   *string         `json:"raw"`
	Note  string          `json:"note"`
}

func loadChatVectors(t testing.TB) []chatVector {
	t.Helper()
	data, err := os.ReadFile("testdata/chat-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []chatVector `json:"vectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < 30 {
		t.Fatalf("testdata/chat-vectors.json has %d vectors, want the full set", len(file.Vectors))
	}
	return file.Vectors
}

func (v chatVector) body() string {
	if v.Raw != nil {
		return *v.Raw
	}
	return string(v.Body)
}

func TestChatVectorsAgainstDefaultScenarios(t *testing.T) {
	srv := newDefaultServer(t)
	for _, v := range loadChatVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			resp := srv.do(t, http.MethodPost, chatRefPath, v.body(), validHeaders())
			if v.Valid {
				if resp.status != http.StatusNoContent {
					t.Fatalf("status = %d, want 204; body: %s", resp.status, resp.body)
				}
				if len(resp.body) != 0 {
					t.Errorf("204 response has a body: %q", resp.body)
				}
				return
			}
			if resp.status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; body: %s", resp.status, resp.body)
			}
			ge := resp.graphError(t)
			if ge.Error.Code != "BadRequest" {
				t.Errorf("error code = %q, want BadRequest", ge.Error.Code)
			}
			if v.Field != "" {
				if got := targets(ge); !contains(got, v.Field) {
					t.Errorf("details name %v, want them to name %s", got, v.Field)
				}
				if !strings.Contains(ge.Error.Message, strings.TrimPrefix(v.Field, "/")) && len(ge.Error.Details) == 1 {
					t.Errorf("message %q does not name %s", ge.Error.Message, v.Field)
				}
			}
			if strings.Contains(v.Note, "/topic") {
				if !contains(targets(ge), "/topic") {
					t.Errorf("details %+v do not also name /topic", ge.Error.Details)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
