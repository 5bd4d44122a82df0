package discover

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// ErrOtherUser: the server found listens as another user of this machine,
// who would receive every prompt; it is not used unless configured.
var ErrOtherUser = errors.New("it runs as another user of this machine, who would receive your code: not used (configure it as a backend if you trust it)")

// firstUserUID is where the accounts of people start (Debian's UID_MIN):
// below it, root and the system accounts that services such as Ollama's
// run as.
const firstUserUID = 1000

// procNetTCP are the kernel's tables of TCP sockets.
var procNetTCP = []string{"/proc/net/tcp", "/proc/net/tcp6"}

// checkOwner refuses a server on this machine that listens as another
// person's account: anyone may start a server on a free port first. A
// server of this user, of root or of a system account is trusted; so is
// one whose owner cannot be told (another host, no /proc).
func checkOwner(rawURL string, uid int) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	host, portText, err := net.SplitHostPort(u.Host)
	if err != nil {
		return nil
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return nil
	}
	for _, path := range procNetTCP {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		owners := listeners(bufio.NewScanner(f), uint16(port))
		f.Close()
		for _, owner := range owners {
			if owner != uid && owner >= firstUserUID {
				return fmt.Errorf("%w (uid %d)", ErrOtherUser, owner)
			}
		}
	}
	return nil
}

// listeners returns the owners of the sockets in a /proc/net/tcp table that
// listen on port on loopback or on every interface.
func listeners(sc *bufio.Scanner, port uint16) []int {
	var uids []int
	sc.Scan() // the header
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[3] != "0A" { // 0A: LISTEN
			continue
		}
		addr, portHex, ok := strings.Cut(f[1], ":")
		p, err := strconv.ParseUint(portHex, 16, 16)
		if !ok || err != nil || uint16(p) != port || !loopbackOrAny(addr) {
			continue
		}
		if uid, err := strconv.Atoi(f[7]); err == nil {
			uids = append(uids, uid)
		}
	}
	return uids
}

// loopbackOrAny reports whether a socket address of /proc/net/tcp (IPv4 as
// 8 hex digits in host byte order, IPv6 as 32) is loopback or the wildcard.
func loopbackOrAny(hex string) bool {
	switch hex {
	case "00000000", "0100007F", // 0.0.0.0, 127.0.0.1 (little-endian)
		"00000000000000000000000000000000", // ::
		"00000000000000000000000001000000", // ::1
		"0000000000000000FFFF00000100007F": // ::ffff:127.0.0.1
		return true
	}
	// The rest of 127.0.0.0/8: the address's first byte is its last pair.
	return len(hex) == 8 && strings.HasSuffix(hex, "7F")
}
