package discover

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestListeners(t *testing.T) {
	const table = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 1 1 0 100 0 0 10 0
   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 2 1 0 100 0 0 10 0
   2: 0100007F:2CAA 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1002        0 3 1 0 100 0 0 10 0
   3: 0A00020F:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1003        0 4 1 0 100 0 0 10 0
   4: 0200007F:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1004        0 5 1 0 100 0 0 10 0
`
	tests := []struct {
		port uint16
		want []int
	}{
		{11434, []int{1001, 1004}}, // 127.0.0.1 and 127.0.0.2; not the connection, not 10.0.2.15
		{8080, []int{999}},         // 0.0.0.0
		{9999, nil},
	}
	for _, tt := range tests {
		got := listeners(bufio.NewScanner(strings.NewReader(table)), tt.port)
		if !slices.Equal(got, tt.want) {
			t.Errorf("listeners(%d) = %v, want %v", tt.port, got, tt.want)
		}
	}
}

// TestCheckOwner listens on loopback as this process's user and as the
// user nobody: the first is trusted, the second refused, unless it is this
// process's own uid or a system account's.
func TestCheckOwner(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	own := fmt.Sprintf("http://%s", ln.Addr())
	if err := checkOwner(own, os.Getuid()); err != nil {
		t.Errorf("own listener: %v", err)
	}
	if err := checkOwner(own, 12345); os.Getuid() >= firstUserUID && !errors.Is(err, ErrOtherUser) {
		t.Errorf("listener of uid %d seen by uid 12345: %v, want ErrOtherUser", os.Getuid(), err)
	}
	if err := checkOwner("http://192.0.2.1:11434", os.Getuid()); err != nil {
		t.Errorf("another host: %v, want no check", err)
	}

	other := listenAsNobody(t)
	err = checkOwner("http://"+other, os.Getuid())
	if !errors.Is(err, ErrOtherUser) || !strings.Contains(err.Error(), "uid 65534") {
		t.Errorf("listener of nobody: %v, want ErrOtherUser naming uid 65534", err)
	}
	res := Find(context.Background(), []Target{{URL: "http://" + other}}, Options{})
	if !errors.Is(res.Servers[0].Err, ErrOtherUser) {
		t.Errorf("Find: %v, want ErrOtherUser", res.Servers[0].Err)
	}
	if srv := List(context.Background(), Target{URL: "http://" + other}, Options{Timeout: time.Second}); errors.Is(srv.Err, ErrOtherUser) {
		t.Error("List refused a server the user named")
	}
}

// listenAsNobody starts a process of the user nobody that listens on a
// loopback port, and returns its address. It needs root.
func listenAsNobody(t *testing.T) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Fatal("this test plays a second local user (nobody) and needs root: run it as root (sudo -E go test ./inference/discover/)")
	}
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil {
		t.Fatal("python3 is needed to listen as nobody: apt-get install python3")
	}
	script := "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen()\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)\n"
	cmd := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", py, "-c", script)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	if !sc.Scan() {
		t.Fatalf("the listener of nobody said nothing: %v", sc.Err())
	}
	return "127.0.0.1:" + strings.TrimSpace(sc.Text())
}
