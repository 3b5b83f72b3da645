package racy

import "testing"

func TestCount(t *testing.T) {
	if Count() != 2 {
		t.Log("lost an update")
	}
}
