package commands

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
)

// docker's chrootarchive shape: the options are written to the child's stdin; a failed write returns without
// reaping the child, which exits on EOF and stays a zombie.
func sendOptions(name string, options any) error {
	cmd := exec.Command(name)
	w, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil { // want `the started command from Cmd.Start in cmd is not released on every path: the return at line 22 is reached without cmd.Wait\(\); the child process is never reaped`
		return err
	}
	if err := json.NewEncoder(w).Encode(options); err != nil {
		return err
	}
	w.Close()
	return cmd.Wait()
}

func waitOnSuccessOnly(name string, input []byte) ([]byte, error) {
	var out bytes.Buffer
	cmd := exec.Command(name)
	cmd.Stdin = bytes.NewReader(input)
	cmd.Stdout = &out
	err := cmd.Start() // want `the return at line 38 is reached without cmd.Wait\(\)`
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

func killWithoutWaitOnTimeout(name string, timedOut bool) error {
	cmd := exec.Command(name)
	cmd.Start() // want `the started command from Cmd.Start in cmd`
	if timedOut {
		cmd.Process.Kill()
		return errors.New("timed out")
	}
	_, err := cmd.Process.Wait()
	return err
}
