package banks_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/banks/payfor"
	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/threed"
)

const (
	secretPassword = "S3cret-Pa55word-XYZ"
	secretKey      = "St0reKey-Very-Secret-123"
)

func isbankDef() banks.Definition {
	return banks.Definition{
		Company: "ACME", Name: "isbank-1", Bank: "İşbank", Mode: banks.Mode3DPay, Environment: "test",
		Credentials: banks.Credentials{"client_id": "700655000200", "user": "ISBANKAPI", "password": secretPassword, "store_key": secretKey},
	}
}

func paths(ps []banks.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Path
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *banks.Definition)
		want   []string // problem paths, in order
	}{
		{"valid", func(d *banks.Definition) {}, nil},
		{"valid explicit urls", func(d *banks.Definition) {
			d.Environment = ""
			d.URLs = map[string]string{"api": "http://127.0.0.1:1/fim/api", "gate3d": "http://127.0.0.1:1/fim/est3Dgate"}
		}, nil},
		{"unsupported bank is valid", func(d *banks.Definition) {
			d.Bank, d.Mode = "yapikredi", banks.Mode3D
			d.Credentials = banks.Credentials{"merchant_id": "6706598320", "terminal_id": "67005551", "posnet_id": "27426", "enc_key": secretKey}
		}, nil},
		{"missing bank", func(d *banks.Definition) { d.Bank = "" }, []string{"bank"}},
		{"unknown bank", func(d *banks.Definition) { d.Bank = "foobank" }, []string{"bank"}},
		{"unknown protocol", func(d *banks.Definition) { d.Protocol = "garanti" }, []string{"protocol"}},
		{"missing mode", func(d *banks.Definition) { d.Mode = "" }, []string{"mode"}},
		{"unknown mode", func(d *banks.Definition) { d.Mode = "4d" }, []string{"mode"}},
		{"mode not offered", func(d *banks.Definition) {
			d.Bank, d.Mode = "garanti", banks.Mode3DHost
			d.Credentials = banks.Credentials{"merchant_id": "7000679", "terminal_id": "30691298", "prov_password": secretPassword,
				"refund_password": secretPassword, "store_key": secretKey}
		}, []string{"mode"}},
		{"missing environment", func(d *banks.Definition) { d.Environment = "" }, []string{"environment"}},
		{"bad environment", func(d *banks.Definition) { d.Environment = "staging" }, []string{"environment"}},
		{"bad urls", func(d *banks.Definition) {
			d.URLs = map[string]string{"api": "ftp://x/", "gate3d": "not a url", "mpi": "https://x/"}
		}, []string{"urls.api", "urls.gate3d", "urls.mpi"}},
		{"urls missing a role", func(d *banks.Definition) {
			d.URLs = map[string]string{"api": "https://x/fim/api"}
		}, []string{"urls.gate3d"}},
		{"missing and unknown credentials", func(d *banks.Definition) {
			delete(d.Credentials, "store_key")
			d.Credentials["pasword"] = secretPassword
			d.Credentials["user"] = "  "
		}, []string{"credentials.user", "credentials.store_key", "credentials.pasword"}},
		{"spaces around a public credential", func(d *banks.Definition) { d.Credentials["client_id"] = " 700655000200" }, []string{"credentials.client_id"}},
		{"settings", func(d *banks.Definition) {
			d.Settings = map[string]string{"hash_version": "ver9", "colour": "red"}
		}, []string{"settings.colour", "settings.hash_version"}},
		{"currencies", func(d *banks.Definition) {
			d.Currencies = []vpos.Currency{"try", "XXX", "TRY", "CHF"}
		}, []string{"currencies[1]", "currencies[2]", "currencies[3]"}},
		{"installments", func(d *banks.Definition) { d.MaxInstallments = 13 }, []string{"max_installments"}},
		{"negative installments", func(d *banks.Definition) { d.MaxInstallments = -1 }, []string{"max_installments"}},
		{"ips", func(d *banks.Definition) { d.SourceIP, d.RegisteredIP = "10.0.0.300", "0.0.0.0" }, []string{"source_ip", "registered_ip"}},
		{"protocol validation", func(d *banks.Definition) { d.Credentials["client_id"] = "7006 55" }, []string{"credentials.client_id"}},
		{"garanti protocol validation", func(d *banks.Definition) {
			d.Bank, d.Mode = "garanti", banks.Mode3D
			d.Credentials = banks.Credentials{"merchant_id": "70006A", "terminal_id": "30691298", "prov_password": secretPassword,
				"refund_password": secretPassword, "store_key": secretKey}
		}, []string{"credentials.merchant_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := isbankDef()
			tt.change(&d)
			ps := banks.Check(d)
			if got := paths(ps); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Check paths = %q, want %q; problems: %v", got, tt.want, ps)
			}
			for _, p := range ps {
				if p.Message == "" {
					t.Errorf("%s: empty message", p.Path)
				}
				if s := p.String(); strings.Contains(s, secretPassword) || strings.Contains(s, secretKey) {
					t.Errorf("problem shows a secret: %s", s)
				}
			}
			if err := d.Validate(); (err != nil) != (len(tt.want) > 0) {
				t.Errorf("Validate() = %v, want an error: %v", err, len(tt.want) > 0)
			}
		})
	}
}

func TestOpenNestPay(t *testing.T) {
	bank := nestpaytest.NewServer(nestpaytest.WithCredentials(nestpaytest.Credentials{
		ClientID: "700655000200", User: "ISBANKAPI", Password: secretPassword, StoreKey: secretKey,
	}))
	defer bank.Close()
	store := vpos.NewMemoryStore()
	d := isbankDef()
	d.Environment = ""
	d.URLs = map[string]string{"api": bank.APIURL(), "gate3d": bank.GateURL()}
	d.RegisteredIP = "203.0.113.10"
	client, err := banks.Open(d, &vpos.Options{Store: store, Company: "ignored", Bank: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: "O-1", Amount: 1000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatalf("sale: %v", err)
	}
	recs, _, err := store.List(ctx, vpos.ListFilter{})
	if err != nil || len(recs) != 1 {
		t.Fatalf("store has %d records (%v), want 1", len(recs), err)
	}
	if r := recs[0]; r.Company != "ACME" || r.POS != "isbank-1" || r.Bank != "isbank" {
		t.Errorf("record labels = %q/%q/%q, want ACME/isbank-1/isbank", r.Company, r.POS, r.Bank)
	}
	var p *nestpay.Provider
	if !client.As(&p) || p == nil {
		t.Error("client.As(*nestpay.Provider) failed")
	}
	f := client.Features()
	if f.ThreeD[0] != threed.Model3DPay {
		t.Errorf("default 3D model = %q, want 3d_pay (the mode)", f.ThreeD[0])
	}
}

func TestOpenMaxInstallmentsAndRegular(t *testing.T) {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	d := banks.Definition{
		Bank: "ziraat", Mode: banks.ModeRegular, MaxInstallments: 3,
		URLs:        map[string]string{"api": bank.APIURL(), "gate3d": bank.GateURL()},
		Credentials: banks.Credentials{"client_id": c.ClientID, "user": c.User, "password": c.Password, "store_key": c.StoreKey},
		Currencies:  []vpos.Currency{"tl"},
	}
	client, err := banks.Open(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = client.Sale(ctx, &vpos.SaleRequest{OrderID: "O-6", Amount: 1000, Currency: vpos.TRY, Installments: 6, Card: bank.Cards().Approve})
	if vpos.CodeOf(err) != vpos.InvalidRequest {
		t.Errorf("sale in 6 installments with a limit of 3: %v, want invalid_request", err)
	}
	_, err = client.Sale(ctx, &vpos.SaleRequest{OrderID: "O-USD", Amount: 1000, Currency: vpos.USD, Card: bank.Cards().Approve})
	if vpos.CodeOf(err) != vpos.InvalidRequest {
		t.Errorf("USD sale on a TRY-only POS: %v, want invalid_request", err)
	}
	_, err = client.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: "O-3D", Amount: 1000, Currency: vpos.TRY, Card: bank.Cards().Approve, OkURL: "https://shop.example/ok"})
	if vpos.CodeOf(err) != vpos.Unsupported {
		t.Errorf("Begin3D on a regular POS: %v, want unsupported", err)
	}
	if n := bank.Faults().Requests(); n != 0 {
		t.Errorf("the bank saw %d requests, want none", n)
	}
	if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: "O-3", Amount: 1000, Currency: vpos.TRY, Installments: 3, Card: bank.Cards().Approve}); err != nil {
		t.Errorf("sale in 3 installments: %v", err)
	}
	var p *nestpay.Provider
	if !client.As(&p) || p == nil {
		t.Error("client.As(*nestpay.Provider) failed through the installment limit")
	}
	if f := client.Features(); f.MaxInstallments != 3 || len(f.ThreeD) != 0 {
		t.Errorf("features: max installments %d, 3D %v; want 3 and none", f.MaxInstallments, f.ThreeD)
	}
}

func TestOpenGaranti(t *testing.T) {
	bank := garantitest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	client, err := banks.Open(banks.Definition{
		Company: "B", Name: "garanti-1", Bank: "Garanti BBVA", Mode: banks.Mode3D,
		URLs: map[string]string{"api": bank.APIURL(), "gate3d": bank.GateURL()},
		Credentials: banks.Credentials{"merchant_id": c.MerchantID, "terminal_id": c.TerminalID, "prov_user": c.ProvUser,
			"prov_password": c.ProvPassword, "refund_user": c.RefundUser, "refund_password": c.RefundPassword, "store_key": c.StoreKey},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Sale(context.Background(), &vpos.SaleRequest{OrderID: "G-1", Amount: 1000, Currency: vpos.TRY, Card: bank.Cards().Approve, CustomerIP: "203.0.113.7"}); err != nil {
		t.Fatalf("sale: %v", err)
	}
	var p *garanti.Provider
	if !client.As(&p) {
		t.Error("client.As(*garanti.Provider) failed")
	}
}

// TestOpenPayFor opens PayFor definitions of the three banks on it: QNB
// Finansbank and Enpara (MbrId 5) and Ziraat Katılım (MbrId 12, which the
// fake refuses: it is QNB's institution), each with explicit urls.
func TestOpenPayFor(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	def := func(name string, creds banks.Credentials) banks.Definition {
		creds["merchant_id"], creds["user_code"], creds["user_password"], creds["merchant_pass"] = c.MerchantID, c.UserCode, c.UserPass, c.MerchantPass
		return banks.Definition{Company: "P", Name: name, Bank: name, Mode: banks.Mode3DPay,
			URLs:        map[string]string{"api": bank.APIURL(), "gate3d": bank.Gate3DURL(), "hosted_gate3d": bank.HostedGate3DURL()},
			Credentials: creds}
	}
	tests := []struct {
		def     banks.Definition
		wantErr bool
	}{
		{def("qnbfinansbank", banks.Credentials{}), false},
		{def("enpara", banks.Credentials{}), false},
		{def("ziraatkatilim", banks.Credentials{}), true},
		{def("ziraatkatilim", banks.Credentials{"mbr_id": "5"}), false},
	}
	for i, tt := range tests {
		client, err := banks.Open(tt.def, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.def.Bank, err)
		}
		var p *payfor.Provider
		if !client.As(&p) {
			t.Errorf("%s: client.As(*payfor.Provider) failed", tt.def.Bank)
		}
		_, err = client.Sale(context.Background(), &vpos.SaleRequest{OrderID: fmt.Sprintf("PF-%d", i), Amount: 1000, Currency: vpos.TRY,
			Card: bank.Cards().Approve, CustomerIP: "203.0.113.7"})
		if (err != nil) != tt.wantErr {
			t.Errorf("%s %v: sale = %v, want error %v", tt.def.Bank, tt.def.Credentials["mbr_id"], err, tt.wantErr)
		}
	}
}

func TestOpenNotSupported(t *testing.T) {
	for _, d := range []banks.Definition{
		{Bank: "Denizbank", Mode: banks.Mode3D, Environment: "test"},
		{Bank: "akbank", Protocol: "akbank", Mode: banks.Mode3DPay, Environment: "production"},
		{Bank: "kuveytturk"}, // not supported comes first, whatever else is wrong
	} {
		_, err := banks.Open(d, nil)
		if !errors.Is(err, banks.ErrNotSupportedYet) {
			t.Errorf("Open(%s) = %v, want ErrNotSupportedYet", d.Bank, err)
			continue
		}
		b, _ := banks.Lookup(d.Bank)
		s, _ := b.Service(d.Protocol)
		if msg := err.Error(); !strings.Contains(msg, b.DisplayName) || !strings.Contains(msg, s.Protocol) || !strings.HasPrefix(msg, "banks: ") {
			t.Errorf("error %q should name %s and %s", msg, b.DisplayName, s.Protocol)
		}
		var nse *banks.NotSupportedError
		if !errors.As(err, &nse) || nse.Bank != b.Name {
			t.Errorf("error is not a *NotSupportedError for %s", b.Name)
		}
	}
}

func TestOpenInvalid(t *testing.T) {
	d := isbankDef()
	d.Environment = "staging"
	delete(d.Credentials, "user")
	d.SourceIP = "not-an-ip"
	_, err := banks.Open(d, nil)
	var ve *banks.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Open = %v, want a *ValidationError", err)
	}
	msg := err.Error()
	for _, want := range []string{"banks: invalid definition ACME/isbank-1", "environment", "credentials.user", "source_ip"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, secretPassword) || strings.Contains(msg, secretKey) {
		t.Errorf("error shows a secret: %s", msg)
	}
}

func TestOpenSourceIPWithHTTPClient(t *testing.T) {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	d := isbankDef()
	d.SourceIP = "127.0.0.2"
	_, err := banks.Open(d, &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err == nil || !strings.HasPrefix(err.Error(), "banks: open isbank: ") {
		t.Errorf("Open with source IP and a custom HTTPClient = %v, want a banks error", err)
	}
	if vpos.CodeOf(err) != vpos.InvalidRequest {
		t.Errorf("code = %s, want invalid_request", vpos.CodeOf(err))
	}
}

func TestSecretsNeverPrinted(t *testing.T) {
	d := isbankDef()
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("def", "credentials", d.Credentials)
	for _, s := range []string{
		fmt.Sprint(d), fmt.Sprintf("%+v", d), fmt.Sprintf("%#v", d), fmt.Sprintf("%v", d.Credentials),
		d.Credentials.String(), logs.String(), fmt.Sprintf("%+v", d.Masked()),
	} {
		if strings.Contains(s, secretPassword) || strings.Contains(s, secretKey) {
			t.Errorf("secret printed: %s", s)
		}
		if !strings.Contains(s, "700655000200") {
			t.Errorf("public client_id hidden: %s", s)
		}
	}
	m := d.Masked()
	if m.Credentials["password"] != banks.Masked || m.Credentials["user"] != "ISBANKAPI" {
		t.Errorf("Masked credentials = %v", map[string]string(m.Credentials))
	}
	if d.Credentials["password"] != secretPassword {
		t.Error("Masked changed the original")
	}
}
