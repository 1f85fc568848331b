package payflex

import (
	"fmt"
	"log/slog"
	"net"
	"slices"

	"github.com/sanalpos/vpos/internal/check"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// Protocol is the protocol name the provider declares in Features.
const Protocol = "payflex"

// DefaultCurrencies are the currencies a Config without Currencies accepts:
// the numeric codes payflex.md §3 lists (949, 840, 978, 826, 392, 643).
var DefaultCurrencies = []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR, vpos.GBP, vpos.JPY, vpos.RUB}

// MaxInstallments is the largest NumberOfInstallments / InstallmentCount
// sent.
const MaxInstallments = 12

// DefaultClientIP is the ClientIp sent when neither the request nor
// Config.ClientIP gives one (3-D Secure provisions and after-sales, whose
// requests carry no shopper address).
const DefaultClientIP = "127.0.0.1"

// Config holds one merchant's PayFlex (VakıfBank VPOS 7/24, Ziraat)
// credentials and endpoint.
type Config struct {
	// MerchantID is the merchant number (Üye işyeri no, MerchantId /
	// HostMerchantId), digits, e.g. "000000000111111".
	MerchantID string
	// Password is the merchant password (Password in VPOS,
	// MerchantPassword in MPI and search). It is masked everywhere.
	Password string
	// TerminalNo is the terminal number (TerminalNo), e.g. "VP999999".
	TerminalNo string
	// MerchantType is the MPI MerchantType: "0" standard (the default when
	// empty), "1" main dealer, "2" sub dealer (then SubMerchantID is sent).
	MerchantType string
	// SubMerchantID is the sub-dealer id sent with MerchantType "2".
	SubMerchantID string
	// Endpoint is the bank's service: VakifbankTest, VakifbankProd,
	// ZiraatTest, ZiraatProd, ... or explicit URLs.
	Endpoint Endpoint
	// ClientIP is the ClientIp sent where the shopper's address is not
	// known: the 3-D Secure provision (PayFlex's callback does not carry
	// it) and captures, cancels and refunds. Empty means DefaultClientIP.
	ClientIP string
	// Send3DAmount adds CurrencyAmount and CurrencyCode to the 3-D Secure
	// provision (mewebstudio style). By default they are left out, as
	// CP.VPOS does and as the bank's error 1127 demands (payflex.md §4.4);
	// the card is never sent there, since the adapter does not keep it
	// after Begin3D.
	Send3DAmount bool
	// Currencies restricts the currencies accepted; nil means
	// DefaultCurrencies.
	Currencies []vpos.Currency
}

// String describes the Config without its password.
func (cfg Config) String() string {
	return fmt.Sprintf("payflex.Config{MerchantID:%s Password:%s TerminalNo:%s MerchantType:%s VPOS:%s MPI:%s}",
		cfg.MerchantID, check.Mask(cfg.Password), cfg.TerminalNo, cfg.merchantType(), cfg.Endpoint.VPOS, cfg.Endpoint.MPI)
}

// GoString is String, so %#v prints no secret either.
func (cfg Config) GoString() string { return cfg.String() }

// Format implements fmt.Formatter: every verb prints String.
func (cfg Config) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(cfg.String())) }

// LogValue implements slog.LogValuer: the password is masked.
func (cfg Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("merchant_id", cfg.MerchantID), slog.String("password", check.Mask(cfg.Password)),
		slog.String("terminal_no", cfg.TerminalNo), slog.String("merchant_type", cfg.merchantType()),
		slog.String("vpos", cfg.Endpoint.VPOS), slog.String("mpi", cfg.Endpoint.MPI))
}

func (cfg Config) merchantType() string {
	if cfg.MerchantType == "" {
		return "0"
	}
	return cfg.MerchantType
}

func (cfg Config) clientIP(want string) string {
	if want != "" {
		return want
	}
	if cfg.ClientIP != "" {
		return cfg.ClientIP
	}
	return DefaultClientIP
}

// Validate reports the first missing or malformed field as an
// InvalidRequest *vpos.Error naming it ("Config.TerminalNo", ...). It never
// echoes the password.
func (cfg Config) Validate() error {
	switch {
	case cfg.MerchantID == "":
		return vpos.InvalidField("Config.MerchantID", "is empty")
	case !check.Digits(cfg.MerchantID) || len(cfg.MerchantID) > 20:
		return vpos.InvalidField("Config.MerchantID", "must be at most 20 digits")
	case cfg.Password == "":
		return vpos.InvalidField("Config.Password", "is empty")
	case cfg.TerminalNo == "":
		return vpos.InvalidField("Config.TerminalNo", "is empty")
	case !check.Alnum(cfg.TerminalNo) || len(cfg.TerminalNo) > 16:
		return vpos.InvalidField("Config.TerminalNo", "must be at most 16 letters and digits")
	case cfg.MerchantType != "" && cfg.MerchantType != "0" && cfg.MerchantType != "1" && cfg.MerchantType != "2":
		return vpos.InvalidField("Config.MerchantType", fmt.Sprintf("%q is not \"0\", \"1\" or \"2\"", cfg.MerchantType))
	case cfg.MerchantType == "2" && cfg.SubMerchantID == "":
		return vpos.InvalidField("Config.SubMerchantID", "is empty for a sub dealer (MerchantType 2)")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.VPOS):
		return vpos.InvalidField("Config.Endpoint.VPOS", "must be an absolute http or https URL")
	case !check.AbsoluteHTTPURL(cfg.Endpoint.MPI):
		return vpos.InvalidField("Config.Endpoint.MPI", "must be an absolute http or https URL")
	case cfg.Endpoint.Search != "" && !check.AbsoluteHTTPURL(cfg.Endpoint.Search):
		return vpos.InvalidField("Config.Endpoint.Search", "must be empty or an absolute http or https URL")
	case cfg.Endpoint.CPRegister != "" && !check.AbsoluteHTTPURL(cfg.Endpoint.CPRegister):
		return vpos.InvalidField("Config.Endpoint.CPRegister", "must be empty or an absolute http or https URL")
	case cfg.Endpoint.CPGate != "" && !check.AbsoluteHTTPURL(cfg.Endpoint.CPGate):
		return vpos.InvalidField("Config.Endpoint.CPGate", "must be empty or an absolute http or https URL")
	case cfg.Endpoint.CPQuery != "" && !check.AbsoluteHTTPURL(cfg.Endpoint.CPQuery):
		return vpos.InvalidField("Config.Endpoint.CPQuery", "must be empty or an absolute http or https URL")
	case cfg.Endpoint.CPRegister != "" && cfg.Endpoint.cpQuery() == "":
		return vpos.InvalidField("Config.Endpoint.CPQuery", "is empty and cannot be derived from CPRegister (not …/RegisterTransaction)")
	case cfg.ClientIP != "" && net.ParseIP(cfg.ClientIP) == nil:
		return vpos.InvalidField("Config.ClientIP", "is not an IP address")
	}
	for _, c := range cfg.Currencies {
		if c.Numeric() == 0 {
			return vpos.InvalidField("Config.Currencies", fmt.Sprintf("%q is not a known ISO 4217 currency", string(c)))
		}
	}
	return nil
}

// Provider speaks PayFlex MPI + VPOS v4 to one merchant's terminal. It
// implements vpos.Provider, vpos.PreAuthorizer and vpos.ThreeDSecurer; build
// it with New, or use Open for a ready Client. It is safe for concurrent
// use.
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
// opts (nil means defaults) and masks the password wherever it could
// appear in recorded traffic.
func New(cfg Config, opts *vpos.Options) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tr, err := vpos.NewTransport(opts, cfg.Password)
	if err != nil {
		return nil, err
	}
	curs := slices.Clone(cfg.Currencies)
	if curs == nil {
		curs = slices.Clone(DefaultCurrencies)
	}
	return &Provider{
		cfg: cfg,
		tr:  tr,
		feat: vpos.Features{
			Protocol: Protocol,
			// Common Payment v4 (3d_pay, 3d_host; cp.go) where the
			// endpoint has a RegisterTransaction URL; its redirect is
			// bound to the pending payment by a query (BindCallback).
			ThreeD:         models(cfg.Endpoint),
			PreAuth:        true,
			PartialCapture: true,
			// Partial and repeated refunds (payflex.md §10.6). The
			// search's IsRefunded cannot tell partial from full
			// (§10.5), so each refund is sent under its own
			// TransactionId (the Client's RequestID) and looked up by
			// it: to settle an interrupted refund and to sum an order's
			// refunds.
			PartialRefund:   true,
			MultipleRefunds: true,
			RefundLookup:    true,
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

// Features declares what PayFlex offers through this adapter: the 3d model
// (MPI enrollment, then the merchant's VPOS provision), pre-authorisation
// with full and partial capture, full, partial and repeated refunds (each
// under its own TransactionId, so that one refund can be looked up:
// Features.RefundLookup), up to
// 12 installments and the Config's currencies. No History (VPOS v4 has no
// date-range or order history query, payflex.md §10.6) and no MOTO.
func (p *Provider) Features() vpos.Features {
	f := p.feat
	f.ThreeD = slices.Clone(f.ThreeD)
	f.Currencies = slices.Clone(f.Currencies)
	return f
}

// models returns the 3-D Secure models an endpoint offers: MPI (3d)
// always, Common Payment (3d_pay, 3d_host) when it has a RegisterTransaction
// URL.
func models(e Endpoint) []threed.Model {
	if e.CPRegister == "" {
		return []threed.Model{threed.Model3D}
	}
	return []threed.Model{threed.Model3D, threed.Model3DPay, threed.Model3DHost}
}
