// Library code: reported.
package store

import (
	"errors"
	"os"
)

func Load(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 {
		return nil, errors.New("empty")
	}
	defer f.Close()
	b := make([]byte, st.Size())
	_, err = f.Read(b)
	return b, err
}
