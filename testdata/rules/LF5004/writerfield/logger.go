package writerfield

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
)

// fmt.Fprintf calls Write of the writer it is given: a logger writing under its lock into a sink of the package
// whose Write logs through the logger takes the sink's lock under the logger's, and the logger's under the sink's.
type Logger struct {
	mu  sync.Mutex
	out io.Writer
}

func (l *Logger) SetOutput(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out = w
}

func (l *Logger) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.out, format, args...) // want `lock-order inversion: Logf takes l.out.mu \(RotatingFile.mu\) \(through Write, which fmt.Fprintf calls on l.out\) while holding l.mu`
}

type RotatingFile struct {
	mu  sync.Mutex
	cur bytes.Buffer
	log *Logger
}

func (f *RotatingFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur.Len() > 1<<20 {
		f.log.Logf("rotating")
		f.cur.Reset()
	}
	return f.cur.Write(p)
}

func Setup() *Logger {
	l := &Logger{}
	l.SetOutput(&RotatingFile{log: l})
	return l
}

// The fixed shape: a sink that reports into its own buffer, not through the logger.
type QuietLogger struct {
	mu  sync.Mutex
	out io.Writer
}

func (l *QuietLogger) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.out, format, args...)
	io.WriteString(l.out, "\n")
}

type quietFile struct {
	mu  sync.Mutex
	cur bytes.Buffer
}

func (f *quietFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur.Len() > 1<<20 {
		fmt.Fprintf(&f.cur, "rotating\n")
	}
	return f.cur.Write(p)
}

func NewQuiet() *QuietLogger { return &QuietLogger{out: &quietFile{}} }

// A writer of the standard library, or one the package is handed, calls nothing of the package.
type StdLogger struct {
	mu    sync.Mutex
	out   io.Writer
	extra io.Writer
}

func NewStd(extra io.Writer) *StdLogger { return &StdLogger{out: os.Stderr, extra: extra} }

func (l *StdLogger) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.out, format, args...)
	fmt.Fprintf(l.extra, format, args...)
}
