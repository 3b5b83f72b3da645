// Package app leaks the file its sibling package hands it: vet sees it only with lib's summary.
package app

import "example.com/crosspkg/lib"

func Size() int {
	f, err := lib.Open("data")
	if err != nil {
		return 0
	}
	st, _ := f.Stat()
	return int(st.Size())
}
