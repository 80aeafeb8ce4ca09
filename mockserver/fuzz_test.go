package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

// FuzzLoad feeds arbitrary scenario documents to the loader: it must never
// panic, every error must be a LoadError naming the file, and a set that
// loads must answer a request.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("version: 1\nscenarios:\n" + goodScenario))
	f.Add([]byte(matcherScenarios))
	f.Add([]byte(sequenceScenario("cycle")))
	f.Add([]byte("version: 1\nchaos: {rate: 0.5, seed: 1}\nscenarios:\n  - name: a\n    request: {method: GET, path: '/beta/{x:[0-9]+}'}\n    response: {status: 200, template: true, body: '{{.PathVars.x}}'}\n"))
	f.Add([]byte("version: 1\nscenarios:\n  - &a {name: a}\n  - *a\n"))
	f.Add([]byte("{version: 1, scenarios: [{name: [x]}]}"))
	schemas := chatSchemaFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		files := fstest.MapFS{"scenarios.yaml": &fstest.MapFile{Data: data}}
		for k, v := range schemas {
			files[k] = v
		}
		set, err := mockserver.Load(files, "scenarios.yaml")
		if err != nil {
			les := mockserver.LoadErrors(err)
			if len(les) == 0 {
				t.Fatalf("error %T %v is not made of LoadErrors", err, err)
			}
			for _, le := range les {
				if le.File != "scenarios.yaml" || le.Err == nil {
					t.Fatalf("LoadError %+v lacks its file or cause", le)
				}
			}
			return
		}
		srv := mockserver.New(set, mockserver.Options{})
		req := httptest.NewRequest("GET", "/beta/x", nil)
		req.Header.Set("Authorization", "Bearer t")
		srv.ServeHTTP(httptest.NewRecorder(), req)
		if srv.Stats().Recorded != 1 {
			t.Fatal("the request was not recorded")
		}
	})
}

// FuzzChatBody sends arbitrary bodies to the default chat $ref scenario:
// the answer is 204 or a Graph 400 (413 past the limit), and the call is
// recorded with what was decided.
func FuzzChatBody(f *testing.F) {
	for _, v := range loadChatVectors(f) {
		f.Add([]byte(v.body()))
	}
	f.Add([]byte(strings.Repeat("[", 600)))
	f.Add([]byte("{\"chatType\":\"group\",\"topic\":\"\xff\"}"))
	set, err := mockserver.Default()
	if err != nil {
		f.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{MaxBodyBytes: 64 << 10})
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", chatRefPath, bytes.NewReader(body))
		req.Header = validHeaders()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		last, _ := lastCall(srv)
		if last.Status != rec.Code || !bytes.Equal(last.Body, body) && rec.Code != 413 {
			t.Fatalf("journal has status %d and %d bytes, the answer was %d for %d bytes", last.Status, len(last.Body), rec.Code, len(body))
		}
		switch rec.Code {
		case 204:
			if !json.Valid(body) || last.Outcome != mockserver.Served {
				t.Fatalf("accepted %q as %s", body, last.Outcome)
			}
		case 400, 413:
			var ge graphError
			if err := json.Unmarshal(rec.Body.Bytes(), &ge); err != nil || ge.Error.Code == "" {
				t.Fatalf("status %d without a Graph error: %s", rec.Code, rec.Body)
			}
			if last.Outcome != mockserver.Rejected || last.Problem == "" {
				t.Fatalf("rejection recorded as %s with problem %q", last.Outcome, last.Problem)
			}
		default:
			t.Fatalf("status %d for body %q", rec.Code, body)
		}
	})
}

// FuzzMatchers drives the request conditions with arbitrary paths, query
// strings, headers and bodies: no panic, and every answer is a match or an
// explained miss.
func FuzzMatchers(f *testing.F) {
	f.Add("GET", "/beta/chats", "$filter=chatType%20eq%20'group'&$top=5", "return=minimal", `{}`)
	f.Add("POST", "/beta/chats", "", "return=minimal", `{"chatType":"group","topic":"Weekly sync","viewpoint":{"isHidden":false},"members":[{"roles":["owner"]}]}`)
	f.Add("POST", "/beta/chats", "", "", `{"chatType":"meeting","onlineMeetingInfo":{"joinWebUrl":"https://teams.microsoft.com/l/meetup-join/x"}}`)
	f.Add("GET", "/beta/chats/19:abc@thread.v2", "", "", "")
	f.Add("GET", "/beta/chats/a%2Fb%25", "%zz", "", "[")
	set, err := loadYAML(f, matcherScenarios, nil)
	if err != nil {
		f.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	f.Fuzz(func(t *testing.T, method, path, query, prefer, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " ?#\x00\r\n\t") || strings.ContainsAny(query, " #\x00\r\n\t") || !validMethod(method) {
			return // not a request line net/http would accept
		}
		req, err := http.NewRequest(method, "http://graph.test"+path+"?"+query, strings.NewReader(body))
		if err != nil {
			return
		}
		req.RequestURI = path
		req.Header = jsonAuth()
		if prefer != "" && !strings.ContainsAny(prefer, "\r\n\x00") {
			req.Header.Set("Prefer", prefer)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		last, _ := lastCall(srv)
		switch last.Outcome {
		case mockserver.Served:
			if last.Scenario == "" {
				t.Fatal("served without a scenario")
			}
		case mockserver.Unmatched:
			graphMiss := rec.Code == 400 && strings.HasPrefix(last.Problem, "Resource not found for the segment")
			if !graphMiss && (rec.Code != 404 && rec.Code != 405 || !strings.Contains(last.Problem, "No scenario")) {
				t.Fatalf("miss answered %d: %q", rec.Code, last.Problem)
			}
		default:
			t.Fatalf("outcome %s (%d): %s", last.Outcome, rec.Code, last.Problem)
		}
	})
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
