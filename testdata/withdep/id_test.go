// Package withdep depends on a module from the Go module proxy, so that the
// e2e tests can show where the plugin's module cache gets it from.
package withdep

import (
	"testing"

	"github.com/google/uuid"
)

func BenchmarkNewUUID(b *testing.B) {
	for b.Loop() {
		uuid.New()
	}
}
