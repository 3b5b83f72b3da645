// A command's main: returning from main.main ends the process, which releases every context.
package main

import (
	"context"
	"os"
	"time"
)

var verbose bool

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	if verbose {
		cancel()
	}
	run(ctx)
	for _, name := range os.Args[1:] {
		_, stop := context.WithCancel(ctx) // want `the cancel function from context.WithCancel in stop is overwritten`
		_ = name
		_ = stop
	}
	_, _ = context.WithCancel(ctx) // want `the cancel function returned by context.WithCancel is discarded`
}

func run(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx) // want `the cancel function from context.WithCancel in cancel is not released on every path`
	if verbose {
		cancel()
	}
	_ = ctx
}
