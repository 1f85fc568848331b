package storetest

import "testing"

func TestCardData(t *testing.T) {
	pans, cvvs := []string{"4000009999000006"}, []string{"768"}
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"Kart 4355084355084358 reddedildi", "card number 4355084355084358"},
		{"grouped 4355 0843 5508 4358.", "card number 4355084355084358"},
		{"dashed 4355-0843-5508-4358", "card number 4355084355084358"},
		{"x4355084355084358y", "card number 4355084355084358"},
		{"masked 435508******4358", ""},
		{"masked grouped 4355 08** **** 4358", ""},
		{"not Luhn 4355084355084359", ""},
		{"too short 424242424242", ""},
		{"RRN 614000000013 and auth 031425", ""},
		{"given PAN inside a longer run 12340000099990000061234", "card number 4000009999000006"},
		{`{"cvv2":"768"}`, "CVV 768"},
		{"CVV2=***", ""},
		{"amount 250.00 TRY", ""},
		{"two spaces 4355  0843 5508 4358", ""},
	}
	for _, tt := range tests {
		if got := cardData(tt.in, pans, cvvs); got != tt.want {
			t.Errorf("cardData(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDigitRuns(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"abc", nil},
		{"1 2-3", []string{"123"}},
		{"1  2", []string{"1", "2"}},
		{"-1 -2", []string{"1", "2"}},
		{"12 ab 34-", []string{"12", "34"}},
	}
	for _, tt := range tests {
		got := digitRuns(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("digitRuns(%q): got %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("digitRuns(%q): got %q, want %q", tt.in, got, tt.want)
			}
		}
	}
}
