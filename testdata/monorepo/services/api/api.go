// Package api scores requests with the shared mathx library.
package api

import "example.com/mono/mathx"

// Score weighs features.
func Score(features []float64) float64 { return mathx.Dot(features, features) }
