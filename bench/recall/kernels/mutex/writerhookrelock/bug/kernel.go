package writerhookrelock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

type Level int

const (
	Debug Level = iota
	Info
	Warn
)

func (l Level) String() string { return [...]string{"DEBUG", "INFO", "WARN"}[l] }

// Logger writes leveled lines to its output; the lock keeps lines whole.
type Logger struct {
	mu      sync.Mutex
	out     io.Writer
	prefix  string
	level   Level
	dropped int
}

func NewLogger(prefix string) *Logger { return &Logger{prefix: prefix, level: Info} }

func (l *Logger) SetOutput(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out = w
}

func (l *Logger) logf(lvl Level, format string, args ...interface{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lvl < l.level || l.out == nil {
		l.dropped++
		return
	}
	ts := time.Now().UTC().Format(time.RFC3339)
	fmt.Fprintf(l.out, "%s %s [%s] %s\n", ts, l.prefix, lvl, fmt.Sprintf(format, args...))
}

func (l *Logger) Infof(format string, args ...interface{}) { l.logf(Info, format, args...) }
func (l *Logger) Warnf(format string, args ...interface{}) { l.logf(Warn, format, args...) }

var errTooManyBackups = errors.New("backup limit reached")

// RotatingFile is a log sink that starts a new file when the current one grows past max bytes.
type RotatingFile struct {
	mu         sync.Mutex
	cur        *bytes.Buffer
	written    int
	max        int
	backups    []*bytes.Buffer
	maxBackups int
	// log is where the sink reports its own problems.
	log *Logger
}

func NewRotatingFile(max, maxBackups int, log *Logger) *RotatingFile {
	return &RotatingFile{cur: new(bytes.Buffer), max: max, maxBackups: maxBackups, log: log}
}

func (f *RotatingFile) rotate() error {
	if len(f.backups) >= f.maxBackups {
		return errTooManyBackups
	}
	f.backups = append(f.backups, f.cur)
	f.cur = new(bytes.Buffer)
	f.written = 0
	return nil
}

func (f *RotatingFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.written+len(p) > f.max {
		if err := f.rotate(); err != nil {
			f.log.Warnf("log rotation failed: %v; appending to the current file", err)
		}
	}
	n, err := f.cur.Write(p)
	f.written += n
	return n, err
}
