package commands

import (
	"bytes"
	"errors"
	"os/exec"
)

func startNoWait(name string) error {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil { // want `the started command from Cmd.Start in cmd is not released on every path: the return at line 14 is reached without cmd.Wait\(\); the child process is never reaped`
		return err
	}
	return nil
}

func waitOnSuccessOnly(name string, input []byte) ([]byte, error) {
	var out bytes.Buffer
	cmd := exec.Command(name)
	cmd.Stdin = bytes.NewReader(input)
	cmd.Stdout = &out
	err := cmd.Start() // want `the return at line 27 is reached without cmd.Wait\(\)`
	if err != nil {
		return nil, err
	}
	if len(input) == 0 {
		return nil, errors.New("no input")
	}
	if err := cmd.Wait(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func killWithoutWait(name string) {
	cmd := exec.Command(name)
	cmd.Start() // want `the started command from Cmd.Start in cmd`
	cmd.Process.Kill()
}
