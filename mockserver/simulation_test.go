package mockserver_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// simClient sends Graph requests with a token to a test server.
type simClient struct {
	t  testing.TB
	ts *httptest.Server
}

func (c simClient) do(method, path, body string, header ...string) (int, map[string]any, http.Header) {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.ts.URL+path, r)
	req.Header.Set("Authorization", "Bearer token")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.ts.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out, resp.Header
}

func newSimulatedServer(t testing.TB, sim mockserver.Simulation) (*mockserver.Server, simClient) {
	t.Helper()
	var tenant *mockserver.Tenant
	tenant, err := mockserver.NewTenant(sim)
	if err != nil {
		t.Fatal(err)
	}
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{Tenant: tenant})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, simClient{t, ts}
}

const simUser = `{"accountEnabled": true, "displayName": "Adele Vance", "mailNickname": "adele",
	"userPrincipalName": "adele@contoso.example", "passwordProfile": {"password": "x1!Yz9#q"}}`

func TestWhatNoScenarioMatchesTheSimulatedTenantAnswers(t *testing.T) {
	srv, c := newSimulatedServer(t, mockserver.Simulation{})
	status, user, header := c.do("POST", "/v1.0/users", simUser)
	id, _ := user["id"].(string)
	if status != 201 || id == "" || header.Get("Location") != c.ts.URL+"/v1.0/users/"+id || header.Get("request-id") == "" {
		t.Fatalf("POST /v1.0/users = %d %v %v, want 201 with the user, a Location back at the mock and Graph's headers", status, user, header)
	}
	if status, got, _ := c.do("GET", "/v1.0/users/"+id, ""); status != 200 || got["displayName"] != "Adele Vance" {
		t.Errorf("GET the user = %d %v", status, got)
	}
	if status, _, _ := c.do("GET", "/v1.0/users", "", "Authorization", ""); status != 401 {
		t.Errorf("GET without a token = %d, want 401", status)
	}
	// The seed's own endpoint still gets its scenario's answer.
	if status, _, _ := c.do("POST", "/beta/chats/c1/installedApps/a1/chat/$ref", `{"chatType": "group"}`); status != 204 {
		t.Errorf("the seed endpoint = %d, want its scenario's 204", status)
	}
	calls := srv.Calls()
	if calls[0].Outcome != mockserver.Simulated || calls[0].Entity != "users/"+id || calls[3].Outcome != mockserver.Served {
		t.Errorf("journal = %s %q … %s, want the create simulated with its entity, the seed call served", calls[0].Outcome, calls[0].Entity, calls[3].Outcome)
	}
	if st := srv.Stats(); st.Simulated != 3 || st.Served != 1 {
		t.Errorf("Stats() = %+v, want 3 simulated (the 401 included) and 1 served", st)
	}
	// A test reads what its client created without going through HTTP.
	stored, err := srv.Entity("users/" + id)
	if err != nil || stored["userPrincipalName"] != "adele@contoso.example" {
		t.Errorf("Entity() = %v, %v", stored, err)
	}
	if users, err := srv.Entities("users"); err != nil || len(users) != 1 {
		t.Errorf("Entities(users) = %v, %v", users, err)
	}
	if _, err := srv.Entity("users/nobody"); !errors.Is(err, mockserver.ErrEntityNotFound) {
		t.Errorf("Entity(users/nobody) = %v, want ErrEntityNotFound", err)
	}
	// A reload of the scenarios keeps the tenant; ResetState restores the seed.
	srv.SetScenarios(srv.Scenarios())
	if users, _ := srv.Entities("users"); len(users) != 1 {
		t.Errorf("after SetScenarios: %d users, want the one created", len(users))
	}
	srv.ResetState()
	if users, _ := srv.Entities("users"); len(users) != 0 {
		t.Errorf("after ResetState: %d users, want none (the seed)", len(users))
	}
	plain := mockserver.New(srv.Scenarios(), mockserver.Options{})
	if _, err := plain.Entities("users"); !errors.Is(err, mockserver.ErrNotSimulated) {
		t.Errorf("Entities on a mock without a tenant = %v, want ErrNotSimulated", err)
	}
}

func TestFiftySessionsEachHaveTheirOwnTenant(t *testing.T) {
	srv, c := newSimulatedServer(t, mockserver.Simulation{Entities: []mockserver.SeedEntity{
		{Collection: "users", Data: map[string]any{"id": "seeded", "displayName": "Seeded", "userPrincipalName": "seeded@contoso.example"}},
	}})
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			sess, err := srv.NewSession(mockserver.SessionOptions{})
			if err != nil {
				t.Error(err)
				return
			}
			prefix := mockserver.SessionPrefix + sess.ID()
			body := strings.NewReplacer("adele", fmt.Sprintf("user%d", i)).Replace(simUser)
			status, user, _ := c.do("POST", prefix+"/v1.0/users", body)
			if status != 201 {
				t.Errorf("session %d: POST = %d", i, status)
				return
			}
			if status, list, _ := c.do("GET", prefix+"/v1.0/users", ""); status != 200 || len(list["value"].([]any)) != 2 {
				t.Errorf("session %d sees %v, want the seeded user and its own", i, list)
			}
			if status, _, _ := c.do("DELETE", prefix+"/v1.0/users/"+user["id"].(string), ""); status != 204 {
				t.Errorf("session %d: DELETE = %d", i, status)
			}
			if users, _ := sess.Entities("users"); len(users) != 1 {
				t.Errorf("session %d holds %d users after deleting its own", i, len(users))
			}
		})
	}
	wg.Wait()
	if users, _ := srv.Entities("users"); len(users) != 1 {
		t.Errorf("the server holds %d users, want the seeded one alone", len(users))
	}
}

func TestAScenarioFileTurnsTheSimulationOn(t *testing.T) {
	doc := "version: 1\nsimulate:\n  versions: [v1.0]\n  sets: [groups]\nscenarios: []\n"
	set, err := mockserver.Parse(nil, "sim.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mockserver.New(set, mockserver.Options{}))
	defer ts.Close()
	c := simClient{t, ts}
	if status, _, _ := c.do("POST", "/v1.0/groups", `{"displayName": "G", "mailEnabled": false, "mailNickname": "g", "securityEnabled": true}`); status != 201 {
		t.Errorf("POST /v1.0/groups = %d, want 201", status)
	}
	if status, _, _ := c.do("POST", "/v1.0/users", simUser); status != 404 {
		t.Errorf("POST /v1.0/users outside the simulated sets = %d, want 404", status)
	}
	if status, _, _ := c.do("GET", "/beta/groups", ""); status != 404 {
		t.Errorf("GET /beta/groups outside the simulated versions = %d, want 404", status)
	}
	_, err = mockserver.Parse(nil, "sim.yaml", []byte("version: 1\nsimulate:\n  vesrions: [v1.0]\nscenarios: []\n"))
	if err == nil || !strings.Contains(err.Error(), "sim.yaml:3") {
		t.Errorf("a misspelt simulate key = %v, want it named at its line", err)
	}
}

func TestAScenarioFileSeedsItsTenantFromTenantFiles(t *testing.T) {
	set, err := mockserver.LoadFile("testdata/tenant/scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if files := strings.Join(set.Files(), ","); !strings.Contains(files, "tenant.yaml") {
		t.Errorf("Files() = %s, want the tenant file among the files to watch", files)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := simClient{t, ts}
	if status, me, _ := c.do("GET", "/v1.0/me", ""); status != 200 || me["displayName"] != "Adele Vance" {
		t.Errorf("GET /me = %d %v, want the tenant file's me", status, me)
	}
	if status, list, _ := c.do("GET", "/v1.0/me/messages", ""); status != 200 || len(list["value"].([]any)) != 1 {
		t.Errorf("GET /me/messages = %d %v, want the seeded message", status, list)
	}
	groups, _ := srv.Entities("groups")
	if status, members, _ := c.do("GET", "/v1.0/groups/"+groups[0]["id"].(string)+"/members", ""); status != 200 || len(members["value"].([]any)) != 2 {
		t.Errorf("the seeded group's members = %d %v, want both users", status, members)
	}
	// A reload of the same files keeps what the tenant holds now.
	if status, _, _ := c.do("POST", "/v1.0/users", strings.ReplaceAll(simUser, "adele", "nestor")); status != 201 {
		t.Fatalf("POST a user = %d", status)
	}
	again, err := mockserver.LoadFile("testdata/tenant/scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv.SetScenarios(again)
	if users, _ := srv.Entities("users"); len(users) != 3 {
		t.Errorf("after reloading unchanged files: %d users, want the 2 seeded and the one created", len(users))
	}
}

func TestATenantFilesProblemsAreNamedAtTheirPlaceAllAtOnce(t *testing.T) {
	_, err := mockserver.LoadFile("testdata/tenant-broken/scenarios.yaml")
	var got []string
	for _, le := range mockserver.LoadErrors(err) {
		got = append(got, le.Error())
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{"testdata/tenant-broken/tenant.yaml:5:23: /users[0]/accountEnabled", "testdata/tenant-broken/tenant.yaml:6:3: /nowhere"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems:\n%s\nwant one at %q", text, want)
		}
	}
}

// What a tenant holds can be exported as a tenant file and seeded into
// another: the same users, groups, members and messages.
func TestATenantExportsAsATenantFileThatSeedsTheSame(t *testing.T) {
	set, err := mockserver.LoadFile("testdata/tenant/scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := simClient{t, ts}
	if status, _, _ := c.do("POST", "/v1.0/users", strings.ReplaceAll(simUser, "adele", "nestor")); status != 201 {
		t.Fatalf("POST a user = %d", status)
	}
	data, err := srv.ExportTenant()
	if err != nil {
		t.Fatal(err)
	}
	empty, err := mockserver.NewTenant(mockserver.Simulation{})
	if err != nil {
		t.Fatal(err)
	}
	other := mockserver.New(set, mockserver.Options{Tenant: empty})
	if err := other.SeedTenant("export.yaml", data); err != nil {
		t.Fatalf("SeedTenant(the export) = %v\n%s", err, data)
	}
	for _, coll := range []string{"users", "groups"} {
		a, _ := srv.Entities(coll)
		b, _ := other.Entities(coll)
		if len(a) != len(b) || len(b) == 0 {
			t.Errorf("%s: %d exported, %d seeded", coll, len(a), len(b))
		}
	}
	groups, _ := other.Entities("groups")
	ots := httptest.NewServer(other)
	defer ots.Close()
	if status, members, _ := (simClient{t, ots}).do("GET", "/v1.0/groups/"+groups[0]["id"].(string)+"/members", ""); status != 200 || len(members["value"].([]any)) != 2 {
		t.Errorf("the seeded copy's group members = %d %v, want 2", status, members)
	}
	// Seeding is all or nothing.
	bad := []byte("version: 1\nentities:\n  /users:\n    - displayName: ok\n      userPrincipalName: ok@contoso.example\n    - displayName: 7\n")
	err = other.SeedTenant("bad.yaml", bad)
	if les := mockserver.LoadErrors(err); len(les) != 1 || les[0].File != "bad.yaml" || les[0].Line != 6 {
		t.Errorf("SeedTenant(bad) = %v, want one problem at bad.yaml:6", err)
	}
	if users, _ := other.Entities("users"); len(users) != 3 {
		t.Errorf("after a refused seed: %d users, want the 3 there were", len(users))
	}
}

// A scenario file's tenant: section seeds the tenant, and turns the
// simulation on; its problems are named at the scenario file's lines.
func TestAScenarioFilesTenantSectionSeedsTheTenant(t *testing.T) {
	doc := `version: 1
tenant:
  me: adele@contoso.example
  entities:
    /users:
      - displayName: Adele Vance
        userPrincipalName: adele@contoso.example
scenarios: []
`
	set, err := mockserver.Parse(nil, "inline.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mockserver.New(set, mockserver.Options{}))
	defer ts.Close()
	if status, me, _ := (simClient{t, ts}).do("GET", "/v1.0/me", ""); status != 200 || me["displayName"] != "Adele Vance" {
		t.Errorf("GET /me = %d %v, want the section's user", status, me)
	}
	bad := strings.Replace(doc, "displayName: Adele Vance", "displayName: 7", 1)
	_, err = mockserver.Parse(nil, "inline.yaml", []byte(bad))
	les := mockserver.LoadErrors(err)
	if len(les) != 1 || les[0].File != "inline.yaml" || les[0].Line != 6 || !strings.Contains(les[0].Field, "displayName") {
		t.Errorf("a bad entity in the section = %v, want one problem at inline.yaml:6 naming displayName", err)
	}
}
