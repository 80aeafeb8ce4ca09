// Package testlink gives package mocktest what it needs from mockserver
// that is not part of mockserver's API. Package mockserver fills it in when
// it is initialized, so it is ready in any program that imports mocktest.
package testlink

// ScenarioLine returns the line of the scenario named name in the scenario
// file of set, a *mockserver.ScenarioSet; 0 when the scenario was declared
// in Go or is not in the set.
var ScenarioLine func(set any, name string) int
