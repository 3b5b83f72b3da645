package offlinediskwgdone

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var (
	errDiskNotFound = errors.New("disk not found")
	errFileNotFound = errors.New("file not found")
)

type FileInfo struct {
	Volume, Name string
	Size         int64
	ModTime      time.Time
}

// StorageAPI is one drive of an erasure set; nil when the drive is offline.
type StorageAPI interface {
	ReadVersion(volume, path string) (FileInfo, error)
}

// readAllFileInfo reads xl.meta from every drive in parallel.
func readAllFileInfo(disks []StorageAPI, bucket, object string) ([]FileInfo, []error) {
	metadataArray := make([]FileInfo, len(disks))
	errs := make([]error, len(disks))
	var wg sync.WaitGroup
	for index, disk := range disks {
		wg.Add(1)
		go func(index int, disk StorageAPI) {
			if disk == nil {
				errs[index] = errDiskNotFound
				return
			}
			defer wg.Done()
			metadataArray[index], errs[index] = disk.ReadVersion(bucket, object)
		}(index, disk)
	}
	wg.Wait()
	return metadataArray, errs
}

// reduceReadQuorumErrs returns nil when at least quorum drives answered.
func reduceReadQuorumErrs(errs []error, quorum int) error {
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		}
	}
	if ok < quorum {
		return errors.New("read quorum not met")
	}
	return nil
}

type xlStorage struct {
	files map[string]FileInfo
}

func (s *xlStorage) ReadVersion(volume, path string) (FileInfo, error) {
	fi, ok := s.files[volume+"/"+path]
	if !ok {
		return FileInfo{}, errFileNotFound
	}
	return fi, nil
}

func TestGetObjectInfoOneDriveOffline(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		fi := FileInfo{Volume: "photos", Name: "2021/cat.jpg", Size: 4096}
		drive := func() StorageAPI { return &xlStorage{files: map[string]FileInfo{"photos/2021/cat.jpg": fi}} }
		disks := []StorageAPI{drive(), drive(), nil, drive()}
		_, errs := readAllFileInfo(disks, "photos", "2021/cat.jpg")
		if err := reduceReadQuorumErrs(errs, 2); err != nil {
			t.Errorf("quorum: %v", err)
		}
	})
}
