package treewalkendwalk

import (
	"errors"
	"sort"
	"strings"
)

var errFileNotFound = errors.New("file not found")

// TreeWalkResult is one entry produced by the tree walker.
type TreeWalkResult struct {
	entry string
	end   bool
}

type ListDirFunc func(bucket, prefixDir string) []string

// startTreeWalk walks the namespace in a goroutine and streams the entries; closing endWalkCh stops it.
func startTreeWalk(bucket, prefix string, listDir ListDirFunc, endWalkCh <-chan struct{}) <-chan TreeWalkResult {
	resultCh := make(chan TreeWalkResult)
	go func() {
		defer close(resultCh)
		entries := listDir(bucket, prefix)
		sort.Strings(entries)
		for i, entry := range entries {
			select {
			case <-endWalkCh:
				return
			case resultCh <- TreeWalkResult{entry: entry, end: i == len(entries)-1}:
			}
		}
	}()
	return resultCh
}

type ObjectInfo struct {
	Bucket, Name string
	Size         int64
}

type ListObjectsInfo struct {
	IsTruncated bool
	NextMarker  string
	Objects     []ObjectInfo
}

type xlObjects struct {
	listDir ListDirFunc
	// getObjectInfo reads xl.json of one object.
	getObjectInfo func(bucket, object string) (ObjectInfo, error)
	// listPool keeps unfinished walks so the next page can resume them.
	listPool map[string]chan struct{}
}

func (xl *xlObjects) listObjects(bucket, prefix string, maxKeys int) (loi ListObjectsInfo, err error) {
	endWalkCh := make(chan struct{})
	walkResultCh := startTreeWalk(bucket, prefix, xl.listDir, endWalkCh)

	var eof bool
	var nextMarker string
	for i := 0; i < maxKeys; {
		walkResult, ok := <-walkResultCh
		if !ok {
			eof = true
			break
		}
		entry := walkResult.entry
		var objInfo ObjectInfo
		if strings.HasSuffix(entry, "/") {
			objInfo = ObjectInfo{Bucket: bucket, Name: entry}
		} else {
			objInfo, err = xl.getObjectInfo(bucket, entry)
			if err != nil {
				if errors.Is(err, errFileNotFound) {
					continue // deleted while listing
				}
				close(endWalkCh)
				return loi, err
			}
		}
		nextMarker = objInfo.Name
		loi.Objects = append(loi.Objects, objInfo)
		i++
		if walkResult.end {
			eof = true
			break
		}
	}
	if !eof {
		xl.listPool[bucket+"/"+nextMarker] = endWalkCh
		loi.IsTruncated, loi.NextMarker = true, nextMarker
	}
	return loi, nil
}
