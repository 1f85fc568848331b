package garanti

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/internal/check"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		field string
		edit  func(c *Config)
	}{
		{"", func(c *Config) {}},
		{"", func(c *Config) { c.ProvUser, c.RefundUser = "PROVAUT", "PROVRFN" }},
		{"", func(c *Config) { c.HashVersion = "v0.00" }},
		{"", func(c *Config) { c.DefaultModel, c.Models = threed.Model3DPay, []threed.Model{threed.Model3DPay} }},
		{"Config.MerchantID", func(c *Config) { c.MerchantID = "" }},
		{"Config.MerchantID", func(c *Config) { c.MerchantID = "70006 79" }},
		{"Config.TerminalID", func(c *Config) { c.TerminalID = "" }},
		{"Config.TerminalID", func(c *Config) { c.TerminalID = "1234567890" }},
		{"Config.TerminalID", func(c *Config) { c.TerminalID = "3069129A" }},
		{"Config.ProvUser", func(c *Config) { c.ProvUser = "PROV AUT" }},
		{"Config.ProvPassword", func(c *Config) { c.ProvPassword = "" }},
		{"Config.RefundUser", func(c *Config) { c.RefundUser = "<x>" }},
		{"Config.RefundPassword", func(c *Config) { c.RefundPassword = "" }},
		{"Config.StoreKey", func(c *Config) { c.StoreKey = "" }},
		{"Config.Endpoint.API", func(c *Config) { c.Endpoint.API = "" }},
		{"Config.Endpoint.API", func(c *Config) { c.Endpoint.API = "sanalposprov.garanti.com.tr/VPServlet" }},
		{"Config.Endpoint.Gate3D", func(c *Config) { c.Endpoint.Gate3D = "ftp://x/y" }},
		{"Config.HashVersion", func(c *Config) { c.HashVersion = "sha256" }},
		{"Config.Lang", func(c *Config) { c.Lang = "de" }},
		{"Config.DefaultModel", func(c *Config) { c.DefaultModel = threed.Model3DHost }},
		{"Config.Models", func(c *Config) { c.Models = []threed.Model{threed.Model3D, threed.Model3DPayHosting} }},
		{"Config.DefaultModel", func(c *Config) { c.DefaultModel, c.Models = threed.Model3DPay, []threed.Model{threed.Model3D} }},
		{"Config.Currencies", func(c *Config) { c.Currencies = []vpos.Currency{"XXX"} }},
	}
	for _, tt := range tests {
		cfg := vecConfig()
		tt.edit(&cfg)
		err := cfg.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("Validate() = %v, want nil", err)
			}
			continue
		}
		var ve *vpos.Error
		if !errors.As(err, &ve) || ve.Field != tt.field || !errors.Is(err, vpos.ErrInvalidRequest) {
			t.Errorf("Validate() = %v, want an InvalidRequest naming %s", err, tt.field)
		}
		if _, err := New(cfg, nil); err == nil {
			t.Errorf("New accepted a Config with a bad %s", tt.field)
		}
	}
}

func TestConfigHidesSecrets(t *testing.T) {
	cfg := vecConfig()
	cfg.ProvPassword, cfg.RefundPassword, cfg.StoreKey = "prov-Secret-1", "refund-Secret-2", "store-Secret-3"
	var b strings.Builder
	fmt.Fprintf(&b, "%v %+v %#v %s %q", cfg, cfg, cfg, cfg, cfg)
	slog.New(slog.NewTextHandler(&b, nil)).Info("cfg", "config", cfg)
	err := vpos.Error{Msg: fmt.Sprint(cfg)}
	b.WriteString(err.Error())
	for _, s := range []string{cfg.ProvPassword, cfg.RefundPassword, cfg.StoreKey} {
		if strings.Contains(b.String(), s) {
			t.Errorf("a secret is printed: %s", b.String())
		}
	}
	if !strings.Contains(b.String(), "30691298") {
		t.Errorf("the terminal id is not printed: %s", b.String())
	}
}

func TestFeatures(t *testing.T) {
	f := newTestProvider(t, vecConfig()).Features()
	if f.Protocol != Protocol || len(f.ThreeD) != 2 || f.ThreeD[0] != threed.Model3D || !f.Supports3D(threed.Model3DPay) ||
		f.Supports3D(threed.Model3DHost) || f.Supports3D(threed.Model3DPayHosting) {
		t.Errorf("3-D Secure models = %v", f.ThreeD)
	}
	if !f.PreAuth || !f.PartialCapture || !f.PartialRefund || !f.MultipleRefunds || !f.Installments || f.MaxInstallments != 12 ||
		!f.History || !f.OrderHistory || !f.MOTO {
		t.Errorf("Features = %+v", f)
	}
	for _, c := range []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR, vpos.GBP, vpos.JPY, vpos.RUB} {
		if !f.SupportsCurrency(c) {
			t.Errorf("currency %s not declared", c)
		}
	}
	cfg := vecConfig()
	cfg.DefaultModel, cfg.Currencies = threed.Model3DPay, []vpos.Currency{vpos.TRY}
	f = newTestProvider(t, cfg).Features()
	if f.ThreeD[0] != threed.Model3DPay || f.SupportsCurrency(vpos.USD) {
		t.Errorf("Features with DefaultModel 3d_pay, TRY only = %+v", f)
	}
	f.ThreeD[0] = threed.Model3DHost
	if newTestProvider(t, cfg).Features().ThreeD[0] != threed.Model3DPay {
		t.Errorf("Features shares its slices")
	}
}

func TestEndpoints(t *testing.T) {
	for _, e := range []Endpoint{TestEndpoint, LegacyTestEndpoint, ProductionEndpoint} {
		if !check.AbsoluteHTTPURL(e.API) || !check.AbsoluteHTTPURL(e.Gate3D) || !strings.HasSuffix(e.API, "/VPServlet") ||
			!strings.HasSuffix(e.Gate3D, "/servlet/gt3dengine") {
			t.Errorf("endpoint %+v", e)
		}
	}
	if TestEndpoint.mode() != "TEST" || ProductionEndpoint.mode() != "PROD" {
		t.Errorf("modes %s %s", TestEndpoint.mode(), ProductionEndpoint.mode())
	}
}
