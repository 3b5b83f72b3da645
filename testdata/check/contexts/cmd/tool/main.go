// A command-line tool: runs, prints, exits. A file left open on its error path closes with the process.
package main

import (
	"fmt"
	"os"

	"example.com/contexts/cmd/tool/report"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	if len(args) > 1 {
		return fmt.Errorf("too many arguments")
	}
	defer f.Close()
	return report.Print(f.Name())
}

// A goroutine blocked for ever hangs a command too: always reported.
func firstOf(urls []string, fetch func(string) string) string {
	results := make(chan string)
	for _, u := range urls {
		go func(u string) { results <- fetch(u) }(u)
	}
	return <-results
}
