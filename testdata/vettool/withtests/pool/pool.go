// Package pool is clean; its tests are not: go vet hands the tool the test variants of the package.
package pool

// Square is what the tests exercise.
func Square(n int) int { return n * n }
