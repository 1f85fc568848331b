package posnetv1

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/sanalpos/vpos/internal/check"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// Protocol is the protocol name the provider declares in Features.
const Protocol = "posnetv1"

// The wire constants of posnet.md §10.
const (
	// APIType is the ApiType of every request.
	APIType = "JSON"
	// APIVersion is the ApiVersion of every request.
	APIVersion = "V100"
	// OrderIDLen is the length of the OrderId sent: the merchant's order id
	// left-padded with '0' to 20 characters.
	OrderIDLen = 20
	// ThreeDPrefix is the prefix of a 3-D Secure order when it is referred
	// to later by order id ("TDS_" + the 20-character OrderId).
	ThreeDPrefix = "TDS_"
	// MaxInstallments is the largest installment count offered.
	MaxInstallments = 12
)

// DefaultCurrencies are the currencies a Config without Currencies accepts:
// TRY, USD and EUR (TL, US, EU).
var DefaultCurrencies = []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR}

// Endpoint is where Albaraka's POSNET V1 lives: the JSON API base (the
// operation name is appended: …/MerchantJSONAPI.svc/Sale) and the 3-D
// Secure gate the shopper's browser posts to.
type Endpoint struct {
	// API is the absolute base URL of the JSON API (…/MerchantJSONAPI.svc).
	API string
	// Gate3D is the absolute URL of the 3-D Secure gate
	// (…/SecureProcess/SecureVerification.aspx).
	Gate3D string
	// Test is true for the test environment (informational only).
	Test bool
}

// The endpoints of posnet.md §10.
var (
	// TestEndpoint is Albaraka Türk's test environment (epostest).
	TestEndpoint = Endpoint{
		API:    "https://epostest.albarakaturk.com.tr/ALBMerchantService/MerchantJSONAPI.svc",
		Gate3D: "https://epostest.albarakaturk.com.tr/ALBSecurePaymentUI/SecureProcess/SecureVerification.aspx",
		Test:   true,
	}
	// ProductionEndpoint is Albaraka Türk's production service (epos).
	ProductionEndpoint = Endpoint{
		API:    "https://epos.albarakaturk.com.tr/ALBMerchantService/MerchantJSONAPI.svc",
		Gate3D: "https://epos.albarakaturk.com.tr/ALBSecurePaymentUI/SecureProcess/SecureVerification.aspx",
	}
)

// Config holds one merchant's Albaraka POSNET V1 credentials and endpoint.
type Config struct {
	// MerchantNo is the merchant number, 10 digits.
	MerchantNo string
	// TerminalNo is the terminal number, 8 letters or digits (67C16990).
	TerminalNo string
	// PosnetID is the POSNET id, digits; sent in the 3-D Secure form.
	PosnetID string
	// EncKey is the ENCKEY ("10,10,10,10,10,10,10,10" on test terminals).
	// It is never sent; it only keys the MACs.
	EncKey string
	// Endpoint is the bank's service: TestEndpoint, ProductionEndpoint or
	// explicit URLs.
	Endpoint Endpoint
	// Currencies restricts the currencies accepted; nil means
	// DefaultCurrencies. Only TRY, USD, EUR, GBP, JPY and RUB have codes.
	Currencies []vpos.Currency
}

// String describes the Config without its secret: the EncKey is masked.
func (cfg Config) String() string {
	return fmt.Sprintf("posnetv1.Config{MerchantNo:%s TerminalNo:%s PosnetID:%s EncKey:%s API:%s Gate3D:%s}",
		cfg.MerchantNo, cfg.TerminalNo, cfg.PosnetID, check.Mask(cfg.EncKey), cfg.Endpoint.API, cfg.Endpoint.Gate3D)
}

// GoString is String, so %#v prints no secret either.
func (cfg Config) GoString() string { return cfg.String() }

// Format implements fmt.Formatter: every verb prints String.
func (cfg Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(cfg.String())) }

// LogValue implements slog.LogValuer: the EncKey is masked.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("merchant_no", cfg.MerchantNo), slog.String("terminal_no", cfg.TerminalNo),
		slog.String("posnet_id", cfg.PosnetID), slog.String("enc_key", check.Mask(cfg.EncKey)),
		slog.String("api", cfg.Endpoint.API), slog.String("gate_3d", cfg.Endpoint.Gate3D))
}

// Validate reports the first missing or malformed field as an
// InvalidRequest *vpos.Error naming it ("Config.TerminalNo", ...). It never
// echoes the EncKey.
func (cfg Config) Validate() error {
	switch {
	case cfg.MerchantNo == "":
		return vpos.InvalidField("Config.MerchantNo", "is empty")
	case !check.Digits(cfg.MerchantNo) || len(cfg.MerchantNo) > 10:
		return vpos.InvalidField("Config.MerchantNo", "must be at most 10 digits")
	case cfg.TerminalNo == "":
		return vpos.InvalidField("Config.TerminalNo", "is empty")
	case !check.Alnum(cfg.TerminalNo) || len(cfg.TerminalNo) > 8:
		return vpos.InvalidField("Config.TerminalNo", "must be at most 8 letters or digits")
	case cfg.PosnetID == "":
		return vpos.InvalidField("Config.PosnetID", "is empty")
	case !check.Digits(cfg.PosnetID):
		return vpos.InvalidField("Config.PosnetID", "must be digits only")
	case cfg.EncKey == "":
		return vpos.InvalidField("Config.EncKey", "is empty")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.API) || strings.Contains(cfg.Endpoint.API, "?"):
		return vpos.InvalidField("Config.Endpoint.API", "must be an absolute http or https URL without a query (operations are appended as path elements)")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.Gate3D) || strings.Contains(cfg.Endpoint.Gate3D, "?"):
		return vpos.InvalidField("Config.Endpoint.Gate3D", "must be an absolute http or https URL without a query")
	}
	for _, c := range cfg.Currencies {
		if currencyCode(c) == "" {
			return vpos.InvalidField("Config.Currencies", fmt.Sprintf("%q has no POSNET currency code", string(c)))
		}
	}
	return nil
}

// Provider speaks Albaraka's POSNET V1 JSON protocol to one merchant's
// terminal. It implements vpos.Provider, vpos.PreAuthorizer and
// vpos.ThreeDSecurer; build it with New, or use Open for a ready Client.
// It is safe for concurrent use.
type Provider struct {
	cfg  Config
	tr   *vpos.Transport
	feat vpos.Features
}

// Compile-time checks of the interfaces Features declares.
var (
	_ vpos.Provider      = (*Provider)(nil)
	_ vpos.PreAuthorizer = (*Provider)(nil)
	_ vpos.ThreeDSecurer = (*Provider)(nil)
)

// New validates cfg and returns a Provider whose Transport is built from
// opts (nil means defaults) and masks the EncKey wherever it could appear
// in recorded traffic.
func New(cfg Config, opts *vpos.Options) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr, err := vpos.NewTransport(opts, cfg.EncKey)
	if err != nil {
		return nil, err
	}
	curs := slices.Clone(cfg.Currencies)
	if curs == nil {
		curs = slices.Clone(DefaultCurrencies)
	}
	cfg.Endpoint.API = strings.TrimRight(cfg.Endpoint.API, "/")
	return &Provider{
		cfg: cfg,
		tr:  tr,
		feat: vpos.Features{
			Protocol:        Protocol,
			ThreeD:          []threed.Model{threed.Model3D},
			PreAuth:         true,
			PartialCapture:  true,
			PartialRefund:   true,
			MultipleRefunds: true,
			Installments:    true,
			MaxInstallments: MaxInstallments,
			Currencies:      curs,
		},
	}, nil
}

// Open returns a Client over a new Provider: New followed by
// vpos.NewClient with the same opts.
func Open(cfg Config, opts *vpos.Options) (*vpos.Client, error) {
	p, err := New(cfg, opts)
	if err != nil {
		return nil, err
	}
	return vpos.NewClient(p, opts), nil
}

// Features declares what POSNET V1 offers through this adapter: the 3d
// model, pre-authorisation with full and partial capture, full, partial and
// multiple refunds, up to 12 installments and the Config's currencies.
// There is no history report.
func (p *Provider) Features() vpos.Features {
	f := p.feat
	f.ThreeD = slices.Clone(f.ThreeD)
	f.Currencies = slices.Clone(f.Currencies)
	return f
}
