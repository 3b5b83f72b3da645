package suppressed

import "os"

// Each leak is suppressed in one of the styles users bring from golangci-lint and staticcheck.

func trailing() {
	f, _ := os.Open("a") //nolint:LF2002 // closed by the caller's process exit
	_ = f
}

func byName() {
	f, _ := os.Open("b") //nolint:resource-not-closed
	_ = f
}

//lint:ignore LF2002 the descriptor is handed to a child process
func nextLine() {
	f, _ := os.Open("c")
	_ = f
}

func reported() {
	f, _ := os.Open("d")
	_ = f
}

func unused() {
	//lint:ignore LF3001 nothing here needs it
	_ = 1
}
