// Package mathx has the arithmetic that the services share.
package mathx

// Dot returns the dot product of a and b, which must have the same length.
func Dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
