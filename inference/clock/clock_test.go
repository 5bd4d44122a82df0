package clock

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestVirtualFiresInOrder(t *testing.T) {
	v := NewVirtual(epoch)
	var fired []time.Duration
	timers := map[time.Duration]Timer{}
	for _, d := range []time.Duration{30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 20 * time.Millisecond} {
		timers[d] = v.NewTimer(d)
	}
	stopped := v.NewTimer(15 * time.Millisecond)
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop of a pending timer should report true once")
	}
	if next, ok := v.Next(); !ok || next.Sub(epoch) != 10*time.Millisecond {
		t.Fatalf("Next = %v, %v", next, ok)
	}
	v.Advance(25 * time.Millisecond)
	for _, d := range []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 30 * time.Millisecond} {
		select {
		case at := <-timers[d].C():
			fired = append(fired, at.Sub(epoch))
		default:
		}
	}
	if diff := cmp.Diff([]time.Duration{10 * time.Millisecond, 20 * time.Millisecond}, fired); diff != "" {
		t.Errorf("fired (-want +got):\n%s", diff)
	}
	if got := v.Now().Sub(epoch); got != 25*time.Millisecond {
		t.Errorf("Now = +%v, want +25ms", got)
	}
	select {
	case <-stopped.C():
		t.Error("a stopped timer fired")
	default:
	}
	v.AdvanceTo(epoch) // backwards: no change
	if got := v.Now().Sub(epoch); got != 25*time.Millisecond {
		t.Errorf("Now after moving back = +%v", got)
	}
}

func TestVirtualZeroTimer(t *testing.T) {
	v := NewVirtual(epoch)
	select {
	case <-v.NewTimer(0).C():
	default:
		t.Error("a timer of zero did not fire at once")
	}
}

func TestSleep(t *testing.T) {
	v := NewVirtual(epoch)
	done := make(chan error, 1)
	go func() { done <- Sleep(context.Background(), v, time.Second) }()
	for {
		if _, ok := v.Next(); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	v.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, v, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep with a cancelled context = %v", err)
	}
	if err := Sleep(context.Background(), Real(), time.Millisecond); err != nil {
		t.Error(err)
	}
}

// TestRun: a goroutine that sleeps in steps on the virtual clock finishes
// a long virtual time quickly when Run drives the clock.
func TestRun(t *testing.T) {
	v := NewVirtual(epoch)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go v.Run(ctx, time.Millisecond, 0)
	for range 100 {
		if err := Sleep(ctx, v, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if got := v.Now().Sub(epoch); got != 100*time.Minute {
		t.Errorf("virtual time = %v, want 100m", got)
	}
}
