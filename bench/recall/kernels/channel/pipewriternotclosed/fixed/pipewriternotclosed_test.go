package pipewriternotclosed

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"strings"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// Task writes its output to w and returns when it is done.
type Task interface {
	Name() string
	Run(w io.Writer) error
}

// LogLine is one line of a task's output.
type LogLine struct {
	Task string
	N    int
	Text string
}

// Runner runs tasks and streams their output line by line.
type Runner struct {
	maxLine int
	logf    func(format string, args ...interface{})
}

func NewRunner() *Runner { return &Runner{maxLine: 64 * 1024, logf: log.Printf} }

// Start runs t and returns its output lines and its result. lines is closed after the last line.
func (r *Runner) Start(t Task) (<-chan LogLine, <-chan error) {
	pr, pw := io.Pipe()
	lines := make(chan LogLine)
	errc := make(chan error, 1)
	go r.copyLines(t.Name(), pr, lines)
	go func() {
		err := t.Run(pw)
		if err != nil {
			r.logf("task %s failed: %v", t.Name(), err)
		}
		// Close the writer on success too (a nil error closes it with io.EOF), or copyLines never ends.
		pw.CloseWithError(err)
		errc <- err
	}()
	return lines, errc
}

func (r *Runner) copyLines(name string, rd io.Reader, out chan<- LogLine) {
	defer close(out)
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 4096), r.maxLine)
	n := 0
	for sc.Scan() {
		n++
		out <- LogLine{Task: name, N: n, Text: sc.Text()}
	}
	if err := sc.Err(); err != nil {
		r.logf("task %s: reading output: %v", name, err)
	}
}

// RunAndCollect runs a task to completion and returns its output.
func (r *Runner) RunAndCollect(t Task) ([]string, error) {
	lines, errc := r.Start(t)
	var out []string
	for l := range lines {
		out = append(out, l.Text)
	}
	return out, <-errc
}

type echoTask struct {
	name  string
	lines []string
}

func (e echoTask) Name() string { return e.name }

func (e echoTask) Run(w io.Writer) error {
	for _, l := range e.lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

func TestCollectSuccessfulTask(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		r := NewRunner()
		r.logf = t.Logf
		out, err := r.RunAndCollect(echoTask{name: "build", lines: []string{"compiling", "linking", "done"}})
		if err != nil || strings.Join(out, ",") != "compiling,linking,done" {
			t.Errorf("got %q, %v", out, err)
		}
	})
}
