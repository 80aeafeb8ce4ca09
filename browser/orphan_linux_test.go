package browser

import (
	"os/exec"
	"syscall"
)

// dieWithTests makes the kernel stop cmd when the test process dies, as
// when a test times out and TestMain's clean-up never runs.
func dieWithTests(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
