package graphmeta_test

import (
	"os"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphmeta"
)

// docs is where Microsoft's beta reference pages live; each path below
// is the request of the page named beside it.
const docs = "https://learn.microsoft.com/en-us/graph/api/"

// betaPaths are documented beta requests of education, Teams, Planner,
// Intune and identity governance, and the layer of the embedded beta that
// answers each: the 2026 subset where it has every step, else v1.0, else
// the public beta of 2021.
var betaPaths = []struct {
	method, path, page, layer string
}{
	// Education.
	{"GET", "/education/classes", "educationroot-list-classes", csdl.LayerV10},
	{"POST", "/education/classes", "educationroot-post-classes", csdl.LayerV10},
	{"GET", "/education/classes/{id}/assignments", "educationclass-list-assignments", csdl.LayerV10},
	{"POST", "/education/classes/{id}/assignments", "educationclass-post-assignment", csdl.LayerV10},
	{"POST", "/education/classes/{id}/assignments/{id}/publish", "educationassignment-publish", csdl.LayerV10},
	{"GET", "/education/classes/{id}/assignments/{id}/submissions", "educationassignment-list-submissions", csdl.LayerV10},
	{"POST", "/education/classes/{id}/assignments/{id}/submissions/{id}/submit", "educationsubmission-submit", csdl.LayerV10},
	{"POST", "/education/classes/{id}/assignments/{id}/submissions/{id}/return", "educationsubmission-return", csdl.LayerV10},
	{"GET", "/education/classes/{id}/assignments/{id}/rubric", "educationassignment-get-rubric", csdl.LayerV10},
	{"GET", "/education/classes/{id}/assignmentCategories", "educationclass-list-categories", csdl.LayerV10},
	{"GET", "/education/me/assignments", "educationuser-list-assignments", csdl.LayerV10},
	{"GET", "/education/schools/{id}/classes", "educationschool-list-classes", csdl.LayerV10},
	{"GET", "/education/synchronizationProfiles", "educationsynchronizationprofile-list", csdl.LayerBeta2021},
	// Teams.
	{"GET", "/teams/{id}/channels", "channel-list", csdl.LayerBeta2026},
	{"POST", "/teams/{id}/channels", "channel-post", csdl.LayerBeta2026},
	{"GET", "/teams/{id}/channels/{id}/messages", "channel-list-messages", csdl.LayerBeta2026},
	{"POST", "/teams/{id}/channels/{id}/messages/{id}/replies", "chatmessage-post-replies", csdl.LayerBeta2026},
	{"GET", "/teams/{id}/installedApps", "team-list-installedapps", csdl.LayerBeta2026},
	{"POST", "/teams/{id}/archive", "team-archive", csdl.LayerBeta2026},
	{"GET", "/teams/{id}/channels/{id}/tabs", "channel-list-tabs", csdl.LayerBeta2026},
	{"GET", "/teams/{id}/schedule/shifts", "schedule-list-shifts", csdl.LayerV10},
	{"POST", "/teams/{id}/schedule/timesOff", "schedule-post-timesoff", csdl.LayerV10},
	{"GET", "/teams/{id}/schedule/openShifts", "openshift-list", csdl.LayerV10},
	{"GET", "/teamwork/workforceIntegrations", "workforceintegration-list", csdl.LayerV10},
	{"POST", "/chats/{id}/members", "chat-post-members", csdl.LayerBeta2026},
	{"GET", "/appCatalogs/teamsApps", "appcatalogs-list-teamsapps", csdl.LayerBeta2026},
	// Planner.
	{"POST", "/planner/tasks", "planner-post-tasks", csdl.LayerBeta2026},
	{"GET", "/planner/plans/{id}/tasks", "plannerplan-list-tasks", csdl.LayerBeta2026},
	{"PATCH", "/planner/tasks/{id}/details", "plannertaskdetails-update", csdl.LayerBeta2026},
	{"GET", "/planner/plans/{id}/buckets", "plannerplan-list-buckets", csdl.LayerBeta2026},
	{"GET", "/planner/buckets/{id}/tasks", "plannerbucket-list-tasks", csdl.LayerBeta2026},
	{"GET", "/me/planner/tasks", "planneruser-list-tasks", csdl.LayerBeta2026},
	{"GET", "/groups/{id}/planner/plans", "plannergroup-list-plans", csdl.LayerBeta2026},
	{"GET", "/me/planner/favoritePlans", "planneruser-list-favoriteplans", csdl.LayerBeta2026},
	// Intune.
	{"GET", "/deviceManagement/managedDevices", "intune-devices-manageddevice-list", csdl.LayerV10},
	{"POST", "/deviceManagement/managedDevices/{id}/syncDevice", "intune-devices-manageddevice-syncdevice", csdl.LayerV10},
	{"POST", "/deviceManagement/managedDevices/{id}/wipe", "intune-devices-manageddevice-wipe", csdl.LayerV10},
	{"GET", "/deviceManagement/deviceCompliancePolicies", "intune-deviceconfig-devicecompliancepolicy-list", csdl.LayerV10},
	{"GET", "/deviceManagement/deviceConfigurations", "intune-deviceconfig-deviceconfiguration-list", csdl.LayerV10},
	{"GET", "/deviceAppManagement/mobileApps", "intune-apps-mobileapp-list", csdl.LayerV10},
	{"POST", "/deviceAppManagement/mobileApps/{id}/assign", "intune-apps-mobileapp-assign", csdl.LayerV10},
	{"GET", "/deviceManagement/windowsAutopilotDeviceIdentities", "intune-enrollment-windowsautopilotdeviceidentity-list", csdl.LayerV10},
	{"GET", "/deviceManagement/intents", "intune-deviceintent-devicemanagementintent-list", csdl.LayerBeta2021},
	{"GET", "/deviceManagement/configurationPolicies", "intune-deviceconfigv2-devicemanagementconfigurationpolicy-list", csdl.LayerBeta2021},
	// Identity governance.
	{"GET", "/identityGovernance/accessReviews/definitions", "accessreviewset-list-definitions", csdl.LayerBeta2026},
	{"POST", "/identityGovernance/accessReviews/definitions", "accessreviewset-post-definitions", csdl.LayerBeta2026},
	{"GET", "/identityGovernance/accessReviews/definitions/{id}/instances", "accessreviewscheduledefinition-list-instances", csdl.LayerBeta2026},
	{"GET", "/identityGovernance/entitlementManagement/accessPackages", "entitlementmanagement-list-accesspackages", csdl.LayerBeta2026},
	{"POST", "/identityGovernance/entitlementManagement/accessPackageAssignmentRequests", "entitlementmanagement-post-accesspackageassignmentrequests", csdl.LayerBeta2026},
	{"GET", "/identityGovernance/termsOfUse/agreements", "termsofusecontainer-list-agreements", csdl.LayerBeta2026},
	{"GET", "/identityGovernance/lifecycleWorkflows/workflows", "identitygovernance-lifecycleworkflowscontainer-list-workflows", csdl.LayerBeta2026},
	{"GET", "/identityGovernance/appConsent/appConsentRequests", "appconsentapprovalroute-list-appconsentrequests", csdl.LayerBeta2026},
	{"GET", "/roleManagement/directory/roleAssignmentScheduleRequests", "rbacapplication-list-roleassignmentschedulerequests", csdl.LayerBeta2026},
}

// TestLayeredBetaResolvesDocumentedPaths: each documented beta path
// resolves, and the version names the layer that answered. Each page is
// docs + page + "?view=graph-rest-beta".
func TestLayeredBetaResolvesDocumentedPaths(t *testing.T) {
	beta, err := graphmeta.Embedded().Version("beta")
	if err != nil {
		t.Fatal(err)
	}
	if len(betaPaths) < 40 {
		t.Fatalf("%d paths; want at least 40", len(betaPaths))
	}
	for _, tt := range betaPaths {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			target, err := beta.Paths(false).Resolve(tt.path)
			if err != nil {
				t.Fatalf("%s %s (%s%s?view=graph-rest-beta): %v", tt.method, tt.path, docs, tt.page, err)
			}
			if got := beta.Layer(&target); got != tt.layer {
				t.Errorf("%s %s: layer %q, want %q", tt.method, tt.path, got, tt.layer)
			}
		})
	}
}

// TestLayeredBetaNearMisses: a layered beta is no reason to take a path
// no layer has, and v1.0, one document, names no layer.
func TestLayeredBetaNearMisses(t *testing.T) {
	beta, err := graphmeta.Embedded().Version("beta")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/education/klasses", "/planner/tasks/{id}/detail", "/deviceManagement/managedDevices/{id}/syncDevices"} {
		if _, err := beta.Paths(false).Resolve(path); err == nil {
			t.Errorf("Resolve(%s) succeeded; want an unknown segment", path)
		}
	}
	v10, err := graphmeta.Embedded().Version("v1.0")
	if err != nil {
		t.Fatal(err)
	}
	target, err := v10.Paths(false).Resolve("/education/classes")
	if err != nil {
		t.Fatal(err)
	}
	if got := v10.Layer(&target); got != "" {
		t.Errorf("v1.0's layer = %q, want none", got)
	}
}

// TestOwnBetaReplacesTheLayers: a user's beta file replaces the layers
// whole: a path only the embedded layers have no longer resolves, and no
// layer is named.
func TestOwnBetaReplacesTheLayers(t *testing.T) {
	data, err := os.ReadFile("testdata/mail.csdl")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := graphmeta.Embedded().With("beta", data)
	if err != nil {
		t.Fatal(err)
	}
	beta, err := cat.Version("beta")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := beta.Paths(false).Resolve("/education/classes"); err == nil {
		t.Error("the user's beta resolves /education/classes, which only the embedded layers have")
	}
	if got := beta.Model.Layers(); got != nil {
		t.Errorf("the user's beta has layers %q; want none", got)
	}
}
