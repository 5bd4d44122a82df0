//go:build !unix

package suggest

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }
