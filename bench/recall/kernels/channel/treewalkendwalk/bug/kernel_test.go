package treewalkendwalk

import (
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestListObjectsDiskError(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		xl := &xlObjects{
			listDir: func(bucket, prefix string) []string {
				return []string{"a.txt", "b.txt", "c.txt", "d.txt", "photos/"}
			},
			getObjectInfo: func(bucket, object string) (ObjectInfo, error) {
				if object == "b.txt" {
					return ObjectInfo{}, errors.New("disk not found")
				}
				return ObjectInfo{Bucket: bucket, Name: object, Size: 10}, nil
			},
			listPool: map[string]chan struct{}{},
		}
		if _, err := xl.listObjects("bucket", "", 1000); err == nil {
			t.Errorf("expected the disk error")
		}
	})
}
