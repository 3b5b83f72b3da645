// Command logwrap rewrites a goroutine dump as a log pipeline would deliver it, every line wrapped in one
// log form, with records of other sources interleaved, so the tests can check that `leakfinder dump` reads
// the same goroutines out of it as out of the clean dump. Deterministic: timestamps start at a fixed instant.
//
// Usage: logwrap FORM < dump.txt > wrapped.txt, FORM one of
//
//	cri      Kubernetes CRI log file (containerd/CRI-O): "RFC3339Nano stderr F text"; lines over 100 bytes are
//	         split into "P" records of 64 bytes (the kubelet splits at 16 KiB; shrunk so the fixture has splits);
//	         a stdout record every 40 records
//	kubectl  kubectl logs --timestamps: "RFC3339Nano text"; stdout and stderr are merged, so every 40 records
//	         another goroutine's log line of the same stream
//	docker   Docker json-file: {"log":"text\n","stream":"stderr","time":"RFC3339Nano"}; lines over 100 bytes
//	         split into 64-byte records without the newline; a stdout record every 40 records
//	syslog   syslog/journald short format: "May  1 12:00:00 host app[4242]: text"; another program's record
//	         every 40 records
//	golog    Go's log package, each line logged on its own: "2024/05/01 12:00:00 text"; every 40 records a line
//	         another goroutine logged through the same logger
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

const (
	interleaveEvery = 40
	splitOver       = 100
	splitAt         = 64
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: logwrap cri|kubectl|docker|syslog|golog < dump > wrapped")
		os.Exit(2)
	}
	form := os.Args[1]
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	records := 0
	emit := func(s string) {
		fmt.Fprint(out, s)
		records++
		// Sub-millisecond steps with varying digits, so RFC3339Nano trims a varying number of zeros.
		now = now.Add(time.Duration(records%7) * 125 * time.Microsecond)
	}
	for in.Scan() {
		line := in.Text()
		if records > 0 && records%interleaveEvery == 0 {
			emit(other(form, now))
		}
		switch form {
		case "cri":
			for len(line) > splitOver {
				emit(fmt.Sprintf("%s stderr P %s\n", now.Format(time.RFC3339Nano), line[:splitAt]))
				line = line[splitAt:]
			}
			emit(fmt.Sprintf("%s stderr F %s\n", now.Format(time.RFC3339Nano), line))
		case "kubectl":
			emit(fmt.Sprintf("%s %s\n", now.Format(time.RFC3339Nano), line))
		case "docker":
			for len(line) > splitOver {
				emit(dockerRecord(line[:splitAt], "stderr", now))
				line = line[splitAt:]
			}
			emit(dockerRecord(line+"\n", "stderr", now))
		case "syslog":
			emit(fmt.Sprintf("%s host app[4242]: %s\n", now.Format(time.Stamp), line))
		case "golog":
			emit(fmt.Sprintf("%s %s\n", now.Format("2006/01/02 15:04:05"), line))
		default:
			fmt.Fprintln(os.Stderr, "logwrap: unknown form", form)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "logwrap:", err)
		os.Exit(1)
	}
}

// other is a record of another source: the same log form, but not the dump's stream or program.
func other(form string, now time.Time) string {
	switch form {
	case "cri":
		return fmt.Sprintf("%s stdout F level=info msg=\"request served\" path=/healthz\n", now.Format(time.RFC3339Nano))
	case "kubectl":
		return fmt.Sprintf("%s level=info msg=\"request served\" path=/healthz\n", now.Format(time.RFC3339Nano))
	case "docker":
		return dockerRecord("level=info msg=\"request served\" path=/healthz\n", "stdout", now)
	case "syslog":
		return fmt.Sprintf("%s host CRON[77]: (root) CMD (run-parts /etc/cron.hourly)\n", now.Format(time.Stamp))
	default:
		return fmt.Sprintf("%s http: served /healthz in 1.2ms\n", now.Format("2006/01/02 15:04:05"))
	}
}

func dockerRecord(text, stream string, now time.Time) string {
	b, err := json.Marshal(struct {
		Log    string `json:"log"`
		Stream string `json:"stream"`
		Time   string `json:"time"`
	}{text, stream, now.Format(time.RFC3339Nano)})
	if err != nil {
		panic(err)
	}
	return string(b) + "\n"
}
