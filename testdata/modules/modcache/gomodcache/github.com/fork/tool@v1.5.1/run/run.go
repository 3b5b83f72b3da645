// Package run of the fork: Stop exists only here, and it depends on a module only the fork's go.mod requires.
package run

import "example.org/Retry/backoff"

func Start() {}

func Stop() { backoff.Wait(1) }
