// Package worker formats job names with strutil.
package worker

import "example.com/mono/strutil"

// Label returns the display label of a job.
func Label(job string) string { return strutil.Shout(job) }
