// Correlated conditions: the same unchanged value tested twice. A path through the first test's true side
// cannot take the second test's false side, so the idiomatic "open when asked, close when asked" is silent.
package correlated

import (
	"io"
	"net"
	"os"
)

func copyMaybeToFile(src io.Reader, path string, toFile bool) error {
	var out io.Writer = os.Stdout
	var f *os.File
	if toFile {
		var err error
		f, err = os.Create(path)
		if err != nil {
			return err
		}
		out = f
	}
	_, err := io.Copy(out, src)
	if toFile {
		f.Close()
	}
	return err
}

func dialUnlessLocal(addr string, local bool) (int, error) {
	var c net.Conn
	if !local {
		var err error
		c, err = net.Dial("tcp", addr)
		if err != nil {
			return 0, err
		}
	}
	n := len(addr)
	if !local {
		c.Close()
	}
	return n, nil
}

const modeAppend = 2

func writeLog(path string, mode int, line string) error {
	var f *os.File
	var err error
	if mode == modeAppend {
		f, err = os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
	}
	if len(line) == 0 {
		if mode == modeAppend {
			f.Close()
		}
		return nil
	}
	if mode == modeAppend {
		defer f.Close()
		_, err = f.WriteString(line)
	}
	return err
}

// The flag changes between the tests: the second test says nothing about the first. Reported.
func flagChanged(path string, keep bool) error {
	var f *os.File
	if keep {
		var err error
		f, err = os.Open(path) // want `the return at line 83 is reached without f.Close\(\)`
		if err != nil {
			return err
		}
	}
	keep = len(path) > 3
	if keep {
		f.Close()
	}
	return nil
}

// Different conditions: nothing correlates them. Reported.
func differentConditions(path string, a, b bool) error {
	var f *os.File
	if a {
		var err error
		f, err = os.Open(path) // want `the return at line 99 is reached without f.Close\(\)`
		if err != nil {
			return err
		}
	}
	if b {
		f.Close()
	}
	return nil
}
