package posnet

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
const Protocol = "posnet"

// DefaultThreeDPrefix is the prefix POSNET puts before the 20-character XID
// of a 3-D Secure order when it is referred to later by order id
// (posnet.md §3.1: "TDSC" + XID, 24 characters).
const DefaultThreeDPrefix = "TDSC"

// MaxInstallments is the largest installment count sent (two digits,
// posnet.md §3).
const MaxInstallments = 12

// The order id lengths of posnet.md §3.1.
const (
	// OrderIDLen is the length of a non-3D orderID: the merchant's order id
	// left-padded with '0' to 24 characters.
	OrderIDLen = 24
	// XIDLen is the length of a 3-D Secure XID: the merchant's order id
	// left-padded with '0' to 20 characters.
	XIDLen = 20
)

// DefaultCurrencies are the currencies a Config without Currencies accepts:
// TRY, USD and EUR (POSNET TL, US, EU; posnet.md §3, the ones CP.VPOS maps).
var DefaultCurrencies = []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR}

// Config holds one merchant's Yapı Kredi POSNET credentials and endpoint.
type Config struct {
	// MerchantID is the merchant number (mid), 10 digits.
	MerchantID string
	// TerminalID is the terminal id (tid), 8 characters.
	TerminalID string
	// PosnetID is the POSNET id (posnetid), digits; needed for 3-D Secure.
	PosnetID string
	// EncKey is the ENCKEY ("10,10,10,10,10,10,10,10" on test terminals).
	// It is never sent; it only keys the MACs.
	EncKey string
	// Endpoint is the bank's service: TestEndpoint, ProductionEndpoint or
	// explicit URLs.
	Endpoint Endpoint
	// Lang is the language of the 3-D Secure pages, "tr" (default) or "en";
	// a ThreeDRequest's Lang overrides it.
	Lang string
	// ThreeDPrefix is the prefix of 3-D Secure orders in later references
	// (status queries); "" means DefaultThreeDPrefix.
	ThreeDPrefix string
	// Currencies restricts the currencies accepted; nil means
	// DefaultCurrencies. Only TRY, USD, EUR, GBP, JPY and RUB have POSNET
	// codes.
	Currencies []vpos.Currency
	// AcceptMDStatus9 lets mdStatus 9 ("None 3D - Secure Transaction", the
	// test terminal is not 3D-enrolled, posnet.md §5.4) count as an attempt
	// instead of a failure. Only for the bank's test environment.
	AcceptMDStatus9 bool
}

// String describes the Config without its secret: the EncKey is masked.
func (cfg Config) String() string {
	return fmt.Sprintf("posnet.Config{MerchantID:%s TerminalID:%s PosnetID:%s EncKey:%s API:%s Gate3D:%s}",
		cfg.MerchantID, cfg.TerminalID, cfg.PosnetID, check.Mask(cfg.EncKey), cfg.Endpoint.API, cfg.Endpoint.Gate3D)
}

// GoString is String, so %#v prints no secret either.
func (cfg Config) GoString() string { return cfg.String() }

// Format implements fmt.Formatter: every verb prints String.
func (cfg Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(cfg.String())) }

// LogValue implements slog.LogValuer: the EncKey is masked.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("merchant_id", cfg.MerchantID), slog.String("terminal_id", cfg.TerminalID),
		slog.String("posnet_id", cfg.PosnetID), slog.String("enc_key", check.Mask(cfg.EncKey)),
		slog.String("api", cfg.Endpoint.API), slog.String("gate_3d", cfg.Endpoint.Gate3D))
}

// Validate reports the first missing or malformed field as an
// InvalidRequest *vpos.Error naming it ("Config.TerminalID", ...). It never
// echoes the EncKey.
func (cfg Config) Validate() error {
	switch {
	case cfg.MerchantID == "":
		return vpos.InvalidField("Config.MerchantID", "is empty")
	case !check.Digits(cfg.MerchantID) || len(cfg.MerchantID) > 10:
		return vpos.InvalidField("Config.MerchantID", "must be at most 10 digits")
	case cfg.TerminalID == "":
		return vpos.InvalidField("Config.TerminalID", "is empty")
	case !check.Alnum(cfg.TerminalID) || len(cfg.TerminalID) > 8:
		return vpos.InvalidField("Config.TerminalID", "must be at most 8 letters or digits")
	case cfg.PosnetID == "":
		return vpos.InvalidField("Config.PosnetID", "is empty")
	case !check.Digits(cfg.PosnetID):
		return vpos.InvalidField("Config.PosnetID", "must be digits only")
	case cfg.EncKey == "":
		return vpos.InvalidField("Config.EncKey", "is empty")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.API):
		return vpos.InvalidField("Config.Endpoint.API", "must be an absolute http or https URL")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.Gate3D):
		return vpos.InvalidField("Config.Endpoint.Gate3D", "must be an absolute http or https URL")
	case cfg.ThreeDPrefix != "" && (len(cfg.ThreeDPrefix) != OrderIDLen-XIDLen || !check.Printable(cfg.ThreeDPrefix)):
		return vpos.InvalidField("Config.ThreeDPrefix", "must be 4 printable ASCII characters")
	}
	switch cfg.Lang {
	case "", "tr", "en":
	default:
		return vpos.InvalidField("Config.Lang", fmt.Sprintf("%q is not \"tr\" or \"en\"", cfg.Lang))
	}
	for _, c := range cfg.Currencies {
		if currencyCode(c) == "" {
			return vpos.InvalidField("Config.Currencies", fmt.Sprintf("%q has no POSNET currency code", string(c)))
		}
	}
	return nil
}

func (cfg Config) prefix() string {
	if cfg.ThreeDPrefix == "" {
		return DefaultThreeDPrefix
	}
	return cfg.ThreeDPrefix
}

// lang returns the page language for a request that asks for want.
func (cfg Config) lang(want string) string {
	switch want = strings.ToLower(strings.TrimSpace(want)); want {
	case "tr", "en":
		return want
	}
	if cfg.Lang != "" {
		return cfg.Lang
	}
	return "tr"
}

// Provider speaks Yapı Kredi's POSNET XML protocol to one merchant's
// terminal. It implements vpos.Provider, vpos.PreAuthorizer and
// vpos.ThreeDSecurer; build it with New, or use Open for a ready Client.
// It is safe for concurrent use.
type Provider struct {
	cfg       Config
	tr        *vpos.Transport
	feat      vpos.Features
	firstHash string // H(EncKey;TerminalID), posnet.md §6.1
	verified  *resolveCache
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
	return &Provider{
		cfg:       cfg,
		tr:        tr,
		firstHash: FirstHash(cfg.EncKey, cfg.TerminalID),
		verified:  newResolveCache(resolveCacheSize),
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

// Features declares what POSNET offers through this adapter: the 3d model
// (OOS/TDS), pre-authorisation with full and partial capture, full,
// partial and multiple refunds, up to 12 installments and the Config's
// currencies. POSNET XML has no history report (posnet.md §4).
func (p *Provider) Features() vpos.Features {
	f := p.feat
	f.ThreeD = slices.Clone(f.ThreeD)
	f.Currencies = slices.Clone(f.Currencies)
	return f
}
