// Command preflight builds against the patched package testing, so that an
// overlay that does not compile fails here rather than in the user's build,
// and checks the -test.bench and -test.benchtime values with the very parser
// that the test binary will use.
package main

import (
	"flag"
	"regexp"
	"testing"
)

func main() {
	testing.Init()
	flag.Parse()
	testing.RunBenchmarks(regexp.MatchString, nil)
}
