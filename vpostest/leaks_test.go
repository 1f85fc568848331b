package vpostest

import (
	"testing"
	"time"
)

// findLeaks must catch card data written as field values in every body
// format, and must not cry wolf over the same digits elsewhere (a
// timestamp's milliseconds next to a "CVC2 HATALI" message).
func TestFindLeaks(t *testing.T) {
	cards := DefaultCards(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	c := cards.InvalidCVV
	exp := "07" + "/" + "31"
	tests := []struct {
		name string
		text string
		leak bool
	}{
		{"xml cvv", `<Cvv2Val>` + c.CVV + `</Cvv2Val>`, true},
		{"json cvv", `{"cvv":"` + c.CVV + `"}`, true},
		{"form cvv", `a=1&cvc=` + c.CVV + `&b=2`, true},
		{"slog cvv", `level=INFO cvv=` + c.CVV, true},
		{"xml expiry", `<Expires>` + exp + `</Expires>`, true},
		{"full pan", `number ` + c.Number, true},
		{"secret", `password=` + "s3cr3t-pass-123", true},
		{"timestamp near CVC message", `BankMessage:CVC2/4CSC HATALI Time:2026-11-25 19:28:43.` + c.CVV + ` +0300`, false},
		{"masked pan", c.Masked(), false},
		{"amount", `Amount:` + c.CVV + `00`, false},
	}
	for _, tt := range tests {
		got := len(findLeaks(tt.text, cards, []string{"s3cr3t-pass-123"})) > 0
		if got != tt.leak {
			t.Errorf("%s: leak found = %v, want %v (%q)", tt.name, got, tt.leak, tt.text)
		}
	}
}
