package main

import "testing"

func BenchmarkGreeting(b *testing.B) {
	for b.Loop() {
		greeting("bench")
	}
}
