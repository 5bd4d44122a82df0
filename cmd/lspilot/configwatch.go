package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// configPoll is how often the config file is looked at. A stat poll, not
// inotify: it follows a config file that is a symbolic link (as dotfile
// managers make them) to wherever it points, sees a file that editors
// replace by renaming, a directory created later and files on network
// home directories alike, and costs one stat(2) per poll.
const configPoll = 500 * time.Millisecond

// fileStamp is what a stat says of a file's content; the zero value is a
// missing file.
type fileStamp struct {
	size         int64
	mtime, ctime int64
	dev, ino     uint64
}

func stampOf(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fileStamp{}, nil
	}
	if err != nil {
		return fileStamp{}, err
	}
	st := fi.Sys().(*syscall.Stat_t)
	return fileStamp{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ctime: st.Ctim.Nano(),
		dev: uint64(st.Dev), ino: st.Ino}, nil
}

// watchFile calls changed each time the file at path changed and then
// stayed as it is for one poll, so that a burst of writes (an editor
// saving in pieces, or writing a temporary file and renaming it) is one
// change. It returns when ctx ends.
func watchFile(ctx context.Context, path string, every time.Duration, changed func()) {
	seen, _ := stampOf(path)
	pending := false
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now, err := stampOf(path)
		if err != nil {
			continue // unreadable for a moment; the next poll looks again
		}
		switch {
		case now != seen:
			seen, pending = now, true
		case pending:
			pending = false
			changed()
		}
	}
}
