package fake

import "testing"

// Go ignores testdata folders, and so does inference: this is no project.
func BenchmarkFake(b *testing.B) {}
