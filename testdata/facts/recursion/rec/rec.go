package rec

import "os"

// open and again call each other: a component of the call graph. Their summaries are the same whichever is
// summarised first (before the fixpoint, the one asked for second was summarised while the other was in
// progress, against a placeholder, and kept what that gave).
func open(name string, depth int) (*os.File, error) {
	if depth > 0 {
		return again(name, depth-1)
	}
	return os.Open(name)
}

func again(name string, depth int) (*os.File, error) {
	return open(name, depth)
}

// closeAll closes through its own recursion: it owns its parameter.
func closeAll(f *os.File, n int) {
	if n == 0 {
		f.Close()
		return
	}
	closeAll(f, n-1)
}

// log only prints its parameter, however deep it recurses... but a recursive call of a function still being
// summarised reads it as owning everything, and the fixpoint starts there: it keeps log owning f (precision
// first: a caller passing a file to log stays silent).
func log(f *os.File, n int) {
	if n > 0 {
		log(f, n-1)
	}
	println(f.Name())
}

func plain() int { return 1 }
