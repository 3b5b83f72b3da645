package hang

import "testing"

func TestTransfer(t *testing.T) {
	var a Account
	a.Transfer(5)
	if a.balance != 5 {
		t.Fatalf("balance %d", a.balance)
	}
}
