package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// shBlockRE finds the shell examples of a Markdown document: ```sh
// blocks. Transcripts and commands that are not meant to be run as they
// are (make run, a clone) are ```console blocks instead.
var shBlockRE = regexp.MustCompile("(?ms)^```sh\n(.*?)^```")

// TestTheShellExamplesInTheDocsRun runs every shell example the README
// and docs/ show, against a graphmock started for it: the built binary
// is on PATH as graphmock, http://127.0.0.1:8080 in the example stands for
// that graphmock's URL (also in $G), and the example runs from the
// repository's root under bash's set -euo pipefail. An example whose
// first line starts graphmock in the background (graphmock … &) gets
// that graphmock, with those flags, instead of the default one. A line
// "# => TEXT" says that the example's output must contain TEXT.
func TestTheShellExamplesInTheDocsRun(t *testing.T) {
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"../../README.md"}, files...)
	total := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		matches := shBlockRE.FindAllStringSubmatchIndex(string(data), -1)
		var shared *process // the page's examples run in order against one graphmock
		for _, m := range matches {
			if _, _, own := ownGraphmock(string(data[m[2]:m[3]])); !own {
				shared = startBinary(t)
				break
			}
		}
		for _, m := range matches {
			total++
			script := string(data[m[2]:m[3]])
			line := strings.Count(string(data[:m[0]]), "\n") + 1
			name := strings.TrimPrefix(file, "../../") + ":" + strconv.Itoa(line)
			t.Run(name, func(t *testing.T) {
				if args, rest, own := ownGraphmock(script); own {
					runShellExample(t, rest, startBinary(t, args...))
					return
				}
				runShellExample(t, script, shared)
			})
		}
	}
	if total < 10 {
		t.Errorf("only %d shell examples in the docs: is the test finding them?", total)
	}
}

// ownGraphmock reports whether an example starts graphmock in the
// background on its first line, and returns that graphmock's flags (files
// named relative to the repository's root) and the rest of the example.
func ownGraphmock(script string) (args []string, rest string, own bool) {
	first, rest, _ := strings.Cut(script, "\n")
	f := strings.TrimSpace(first)
	if !strings.HasPrefix(f, "graphmock ") || !strings.HasSuffix(f, "&") {
		return nil, script, false
	}
	args = strings.Fields(strings.TrimSuffix(strings.TrimPrefix(f, "graphmock "), "&"))
	if len(args) > 0 && args[0] == "serve" {
		args = args[1:]
	}
	for i, a := range args {
		if _, err := os.Stat(filepath.Join("../..", a)); err == nil && !strings.HasPrefix(a, "-") {
			args[i] = filepath.Join("../..", a)
		}
	}
	return args, rest, true
}

func runShellExample(t *testing.T, script string, p *process) {
	t.Helper()
	script = strings.ReplaceAll(script, "http://127.0.0.1:8080", p.url)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", "set -euo pipefail\n"+script)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "G="+p.url, "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"))
	// The example's own background processes go when it ends: they are in
	// its process group, and the output is not waited for past them.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 2 * time.Second
	defer func() {
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}()
	out, err := cmd.CombinedOutput()
	if errors.Is(err, exec.ErrWaitDelay) {
		err = nil // the example ended well; a process it left running kept its output open
	}
	if err != nil {
		t.Fatalf("the example failed: %v\n--- example\n%s--- output\n%s", err, script, out)
	}
	for _, l := range strings.Split(script, "\n") {
		if want, ok := strings.CutPrefix(strings.TrimSpace(l), "# => "); ok && !strings.Contains(string(out), want) {
			t.Errorf("the output lacks %q\n--- example\n%s--- output\n%s", want, script, out)
		}
	}
}

// TestTheCommandPageListsEveryFlag: docs/command.md names every flag of
// every command, so a new flag cannot go undocumented.
func TestTheCommandPageListsEveryFlag(t *testing.T) {
	page, err := os.ReadFile("../../docs/command.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, command := range [][]string{{"serve", "-h"}, {"validate", "-h"}, {"schema", "-h"}, {"resolve", "-h"}} {
		out, _ := exec.Command(binary, command...).CombinedOutput()
		for _, m := range regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(string(out), -1) {
			if !strings.Contains(string(page), "-"+m[1]+" ") && !strings.Contains(string(page), "-"+m[1]+"`") {
				t.Errorf("docs/command.md does not document graphmock %s -%s", command[0], m[1])
			}
		}
	}
	for _, command := range []string{"serve", "validate", "schema", "resolve", "ca"} {
		if !strings.Contains(string(page), "graphmock "+command) {
			t.Errorf("docs/command.md does not show graphmock %s", command)
		}
	}
}
