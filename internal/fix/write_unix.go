//go:build unix

package fix

import (
	"errors"
	"os"
	"syscall"
)

// writable asks the kernel whether this user may write path (for root,
// whom mode bits do not stop, WriteAtomic checks them itself).
func writable(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}

func links(info os.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// keepOwner gives the temporary file the original's owner and group when
// they differ from the ones it was created with (a fix run as root on a
// user's file; a file of another group the user belongs to).
func keepOwner(tmp *os.File, orig os.FileInfo) error {
	want, ok := orig.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	info, err := tmp.Stat()
	if err != nil {
		return err
	}
	if got, ok := info.Sys().(*syscall.Stat_t); ok && got.Uid == want.Uid && got.Gid == want.Gid {
		return nil
	}
	return tmp.Chown(int(want.Uid), int(want.Gid))
}

// running reports whether process pid may still be writing its temporary
// file.
func running(pid int, _ os.FileInfo) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
