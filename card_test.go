package vpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

const (
	testPAN = "4546711234567894"
	testCVV = "731"
)

func testCard() Card {
	return Card{Number: testPAN, ExpMonth: 7, ExpYear: 2031, CVV: testCVV, Holder: "Ayşe Yılmaz"}
}

func TestLuhn(t *testing.T) {
	for in, want := range map[string]bool{
		testPAN: true, "4546711234567895": false, "79927398713": true, "0": true,
		"": false, "4546 7112": false, "abc": false,
	} {
		if got := Luhn(in); got != want {
			t.Errorf("Luhn(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestCardValidate(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		edit  func(*Card)
		cvv   bool
		field string
	}{
		{"ok", func(*Card) {}, true, ""},
		{"spaces and two-digit year", func(c *Card) { c.Number = "4546 7112 3456 7894"; c.ExpYear = 31 }, true, ""},
		{"this month", func(c *Card) { c.ExpMonth, c.ExpYear = 11, 2026 }, true, ""},
		{"last month", func(c *Card) { c.ExpMonth, c.ExpYear = 10, 2026 }, true, "Card.ExpYear"},
		{"empty number", func(c *Card) { c.Number = "" }, true, "Card.Number"},
		{"letters", func(c *Card) { c.Number = "4546711234567a94" }, true, "Card.Number"},
		{"short", func(c *Card) { c.Number = "42424242424" }, true, "Card.Number"},
		{"luhn", func(c *Card) { c.Number = "4546711234567895" }, true, "Card.Number"},
		{"month 0", func(c *Card) { c.ExpMonth = 0 }, true, "Card.ExpMonth"},
		{"month 13", func(c *Card) { c.ExpMonth = 13 }, true, "Card.ExpMonth"},
		{"year 3000", func(c *Card) { c.ExpYear = 3000 }, true, "Card.ExpYear"},
		{"cvv missing", func(c *Card) { c.CVV = "" }, true, "Card.CVV"},
		{"cvv missing moto", func(c *Card) { c.CVV = "" }, false, ""},
		{"cvv 2 digits", func(c *Card) { c.CVV = "12" }, true, "Card.CVV"},
		{"cvv letters", func(c *Card) { c.CVV = "1a3" }, false, "Card.CVV"},
		{"cvv 4 digits", func(c *Card) { c.CVV = "1234" }, true, ""},
	}
	for _, tt := range tests {
		c := testCard()
		tt.edit(&c)
		err := c.Validate(now, tt.cvv)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: Validate = %v, want nil", tt.name, err)
			}
			continue
		}
		var ve *Error
		if !errors.As(err, &ve) || ve.Field != tt.field || !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("%s: Validate = %v, want InvalidRequest on %s", tt.name, err, tt.field)
			continue
		}
		if strings.Contains(err.Error(), testPAN) || strings.Contains(err.Error(), c.Number) && len(c.Number) > 10 {
			t.Errorf("%s: error %q contains the card number", tt.name, err)
		}
	}
}

func TestCardRedaction(t *testing.T) {
	c := testCard()
	want := "454671******7894"
	if got := c.Masked(); got != want {
		t.Fatalf("Masked = %q, want %q", got, want)
	}
	req := SaleRequest{OrderID: "A1", Amount: 100, Currency: TRY, Card: c}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v", "%T"} {
		outputs = append(outputs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, &c), fmt.Sprintf(verb, req), fmt.Sprintf(verb, &req))
	}
	outputs = append(outputs, c.String(), c.GoString(), fmt.Sprint(c), fmt.Sprintln(req))
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		l := slog.New(h)
		l.Info("pay", "card", c, "req", req)
		l.Info("pay", slog.Any("card", &c))
	}
	outputs = append(outputs, buf.String())
	j, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(j))
	for i, out := range outputs {
		for _, secret := range []string{testPAN, "1234567", testCVV, "2031", "Ayşe"} {
			if strings.Contains(out, secret) {
				t.Errorf("output %d %q contains %q", i, out, secret)
			}
		}
	}
	if !strings.Contains(buf.String(), want) {
		t.Errorf("slog output %q lacks the masked PAN", buf.String())
	}
}

func TestMaskPAN(t *testing.T) {
	for in, want := range map[string]string{
		"4546711234567894":    "454671******7894",
		"4546-7112-3456-7894": "454671******7894",
		"375987654321001":     "375987*****1001",
		"1234":                "****",
		"":                    "",
	} {
		if got := MaskPAN(in); got != want {
			t.Errorf("MaskPAN(%q) = %q, want %q", in, got, want)
		}
	}
}
