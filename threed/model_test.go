package threed_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/threed"
)

func TestModelHelpers(t *testing.T) {
	tests := []struct {
		m                             threed.Model
		valid, bankProvisions, onBank bool
	}{
		{threed.Model3D, true, false, false},
		{threed.Model3DPay, true, true, false},
		{threed.Model3DHost, true, true, true},
		{threed.Model3DPayHosting, true, true, true},
		{"", false, false, false},
		{"regular", false, false, false},
		{"3D_PAY", false, false, false}, // only ParseModel normalises
		{"pay_hosting", false, false, false},
	}
	for _, tt := range tests {
		if got := tt.m.Valid(); got != tt.valid {
			t.Errorf("Model(%q).Valid() = %v, want %v", tt.m, got, tt.valid)
		}
		if got := tt.m.BankProvisions(); got != tt.bankProvisions {
			t.Errorf("Model(%q).BankProvisions() = %v, want %v", tt.m, got, tt.bankProvisions)
		}
		if got := tt.m.CardOnBankPage(); got != tt.onBank {
			t.Errorf("Model(%q).CardOnBankPage() = %v, want %v", tt.m, got, tt.onBank)
		}
	}
}

func TestModelValues(t *testing.T) {
	// The string values are stored in configs and databases: they must not change.
	tests := []struct {
		m    threed.Model
		want string
	}{
		{threed.Model3D, "3d"},
		{threed.Model3DPay, "3d_pay"},
		{threed.Model3DHost, "3d_host"},
		{threed.Model3DPayHosting, "3d_pay_hosting"},
	}
	for _, tt := range tests {
		if got := string(tt.m); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestModels(t *testing.T) {
	got := threed.Models()
	want := []threed.Model{threed.Model3D, threed.Model3DPay, threed.Model3DHost, threed.Model3DPayHosting}
	if !slices.Equal(got, want) {
		t.Fatalf("Models() = %v, want %v", got, want)
	}
	for _, m := range got {
		if !m.Valid() {
			t.Errorf("Models() holds %q, which is not Valid", m)
		}
	}
	got[0] = "changed"
	if again := threed.Models(); again[0] != threed.Model3D {
		t.Errorf("Models() after modifying an earlier result: got %q first, want %q", again[0], threed.Model3D)
	}
}

func TestParseModel(t *testing.T) {
	tests := []struct {
		in      string
		want    threed.Model
		wantErr bool
	}{
		{"3d", threed.Model3D, false},
		{"3d_pay", threed.Model3DPay, false},
		{"3d_host", threed.Model3DHost, false},
		{"3d_pay_hosting", threed.Model3DPayHosting, false},
		{"3D", threed.Model3D, false},
		{"3D_PAY", threed.Model3DPay, false},
		{" 3d-pay-hosting ", threed.Model3DPayHosting, false},
		{"3D Host", threed.Model3DHost, false},
		{"", "", true},
		{"regular", "", true},
		{"3d_secure", "", true},
		{"3dpay", "", true},
		{"pay_hosting", "", true},
		{"3d__pay", "", true},
		{strings.Repeat("x", 500), "", true},
	}
	for _, tt := range tests {
		got, err := threed.ParseModel(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseModel(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseModel(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if err != nil {
			if !errors.Is(err, threed.ErrUnknownModel) {
				t.Errorf("ParseModel(%q) error = %v, want it to wrap ErrUnknownModel", tt.in, err)
			}
			if len(err.Error()) > 120 {
				t.Errorf("ParseModel(%q) error is %d bytes long, want a truncated value", tt.in[:10], len(err.Error()))
			}
		}
	}
	for _, m := range threed.Models() {
		if got, err := threed.ParseModel(string(m)); err != nil || got != m {
			t.Errorf("ParseModel(%q) = %q, %v, want %q, nil", m, got, err, m)
		}
	}
}

func TestDefaultFirst(t *testing.T) {
	tests := []struct {
		all  []threed.Model
		def  threed.Model
		want []threed.Model
	}{
		{threed.Models(), threed.Model3DPay, []threed.Model{threed.Model3DPay, threed.Model3D, threed.Model3DHost, threed.Model3DPayHosting}},
		{[]threed.Model{threed.Model3D, threed.Model3DPay}, threed.Model3DHost, []threed.Model{threed.Model3D, threed.Model3DPay}},
		{[]threed.Model{threed.Model3D, threed.Model3D, threed.Model3DPay}, threed.Model3DPay, []threed.Model{threed.Model3DPay, threed.Model3D}},
		{nil, threed.Model3D, []threed.Model{}},
	}
	for _, tt := range tests {
		if got := threed.DefaultFirst(tt.all, tt.def); !slices.Equal(got, tt.want) {
			t.Errorf("threed.DefaultFirst(%v, %s) = %v, want %v", tt.all, tt.def, got, tt.want)
		}
	}
}
