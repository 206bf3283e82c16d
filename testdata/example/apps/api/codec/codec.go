// Package codec encodes the orders that the example API serves.
package codec

import (
	"encoding/json"
	"slices"
	"strings"
)

// An Order is one line of a customer's basket.
type Order struct {
	ID       int     `json:"id"`
	Customer string  `json:"customer"`
	Amount   float64 `json:"amount"`
}

// Encode returns the orders as a JSON array.
func Encode(orders []Order) ([]byte, error) {
	return json.Marshal(orders)
}

// TopCustomers returns the distinct customers, sorted by name.
func TopCustomers(orders []Order) []string {
	names := make([]string, 0, len(orders))
	for _, o := range orders {
		names = append(names, strings.ToLower(o.Customer))
	}
	slices.Sort(names)
	return slices.Compact(names)
}
