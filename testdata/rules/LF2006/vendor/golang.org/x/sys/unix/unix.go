// Package unix is a stub of golang.org/x/sys/unix: the signatures the rules' testdata calls.
package unix

const (
	PROT_READ  = 0x1
	MAP_SHARED = 0x1
	O_RDONLY   = 0x0
	O_CLOEXEC  = 0x80000
	AF_UNIX    = 0x1
	SOCK_STREAM = 0x1
	EFD_CLOEXEC = 0x80000
	IN_CLOEXEC = 0x80000
)

func Mmap(fd int, offset int64, length int, prot int, flags int) (data []byte, err error) { return nil, nil }
func Munmap(b []byte) (err error)                                                         { return nil }
func Open(path string, mode int, perm uint32) (fd int, err error)                          { return 0, nil }
func Close(fd int) (err error)                                                              { return nil }
func Socket(domain, typ, proto int) (fd int, err error)                                     { return 0, nil }
func InotifyInit1(flags int) (fd int, err error)                                            { return 0, nil }
func EpollCreate1(flag int) (fd int, err error)                                             { return 0, nil }
func Eventfd(initval uint, flags int) (fd int, err error)                                   { return 0, nil }
func Read(fd int, p []byte) (n int, err error)                                              { return 0, nil }
func Write(fd int, p []byte) (n int, err error)                                             { return 0, nil }

const EPOLL_CLOEXEC = 0x80000
