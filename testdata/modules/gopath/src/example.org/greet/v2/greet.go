package greet

// Hello is the v2 greeting, in a directory with its own go.mod (ignored in GOPATH mode).
func Hello() string { return "hello, v2" }
