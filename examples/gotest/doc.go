// Package gotest shows graphmock in a client's Go test suite, as a user
// outside the module would write it: mocktest starts a server over one of
// the example scenario files, the code under test calls it, and the test
// asserts on the calls and the flow's state.
package gotest
