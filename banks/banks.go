package banks

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// The protocol names a Service declares. NestPay and Garanti are implemented
// (their packages are banks/nestpay and banks/garanti); the others are
// listed so that definitions can name them, and Open answers
// ErrNotSupportedYet for them.
const (
	// ProtocolNestPay is Asseco/Payten NestPay (EST): İşbank, Akbank
	// (legacy), Halkbank, Ziraat, TEB, ...
	ProtocolNestPay = "nestpay"
	// ProtocolGaranti is Garanti BBVA's GVP XML protocol.
	ProtocolGaranti = "garanti"
	// ProtocolPosnet is Yapı Kredi's POSNET XML protocol.
	ProtocolPosnet = "posnet"
	// ProtocolPosnetV1 is Albaraka Türk's POSNET V1 JSON protocol.
	ProtocolPosnetV1 = "posnetv1"
	// ProtocolPayFlex is PayFlex MPI + VPOS (VakıfBank, Ziraat).
	ProtocolPayFlex = "payflex"
	// ProtocolPayFor is QNB Finansbank's PayFor (also Ziraat Katılım, Enpara).
	ProtocolPayFor = "payfor"
	// ProtocolInterPOS is Denizbank's InterPOS.
	ProtocolInterPOS = "interpos"
	// ProtocolKuveyt is Kuveyt Türk's KuveytPOS on the BOA platform (also
	// Vakıf Katılım).
	ProtocolKuveyt = "kuveyt"
	// ProtocolAkbank is Akbank's JSON "AkbankPOS" API.
	ProtocolAkbank = "akbank"
	// ProtocolTosla is Tosla's (AkÖde) JSON API.
	ProtocolTosla = "tosla"
	// ProtocolParam is Param's TurkPOS SOAP web service.
	ProtocolParam = "param"
)

// The environment names of a Definition.
const (
	// EnvTest is the bank's test (sandbox) environment.
	EnvTest = "test"
	// EnvProduction is the bank's production environment.
	EnvProduction = "production"
)

// Mode is the payment model a POS is set up for: ModeRegular (no 3-D
// Secure) or one of the 3-D Secure models of package threed. It is
// string-typed so that it reads the same in files and databases.
type Mode string

// The modes.
const (
	// ModeRegular is a non-3-D Secure POS (card data sent server to server).
	ModeRegular Mode = "regular"
	// Mode3D is threed.Model3D: the bank authenticates, the merchant provisions.
	Mode3D Mode = Mode(threed.Model3D)
	// Mode3DPay is threed.Model3DPay: the bank authenticates and provisions.
	Mode3DPay Mode = Mode(threed.Model3DPay)
	// Mode3DHost is threed.Model3DHost: the card is typed on the bank's page.
	Mode3DHost Mode = Mode(threed.Model3DHost)
	// Mode3DPayHosting is threed.Model3DPayHosting ("ortak ödeme sayfası").
	Mode3DPayHosting Mode = Mode(threed.Model3DPayHosting)
)

// Modes returns every mode in a stable order. The slice is new on every call.
func Modes() []Mode {
	return []Mode{ModeRegular, Mode3D, Mode3DPay, Mode3DHost, Mode3DPayHosting}
}

// ParseMode returns the Mode named by s: "regular" or any spelling
// threed.ParseModel accepts ("3d", "3D_PAY", "3d-pay-hosting", ...), case
// and surrounding spaces ignored.
func ParseMode(s string) (Mode, error) {
	if strings.EqualFold(strings.TrimSpace(s), string(ModeRegular)) {
		return ModeRegular, nil
	}
	m, err := threed.ParseModel(s)
	if err != nil {
		return "", fmt.Errorf("banks: unknown mode %q; expected one of %s", s, joinModes(Modes()))
	}
	return Mode(m), nil
}

// Model returns the 3-D Secure model of m, or "" for ModeRegular.
func (m Mode) Model() threed.Model {
	if m == ModeRegular {
		return ""
	}
	return threed.Model(m)
}

// Field describes one credential or setting a protocol needs.
type Field struct {
	// Name is the key in Definition.Credentials or Definition.Settings
	// ("client_id", "store_key", "hash_version", ...).
	Name string
	// Secret is true for passwords and keys: they are masked wherever a
	// definition is shown and never echoed in an error.
	Secret bool
	// Optional is true when the field may be left out (Default applies).
	Optional bool
	// Default describes the value used when an optional field is left out.
	Default string
	// Values lists the accepted values, when the field is an enumeration.
	Values []string
	// Description says what the field is, with the bank's own names for it.
	Description string
}

// Environment is one of a bank's environments for a protocol.
type Environment struct {
	// Name is EnvTest or EnvProduction.
	Name string
	// URLs maps the Service's URL roles ("api", "gate3d", ...) to the
	// environment's addresses; empty when the references give no host.
	URLs map[string]string
	// Endpoint is the protocol package's endpoint value for implemented
	// protocols (a nestpay.Endpoint such as nestpay.IsbankTest, or a
	// garanti.Endpoint); nil otherwise.
	Endpoint any
}

// Service is a bank's virtual POS service in one protocol.
type Service struct {
	// Protocol is the protocol name (ProtocolNestPay, ...).
	Protocol string
	// Supported is true when the library implements the protocol, i.e.
	// Open builds Clients for it.
	Supported bool
	// Modes are the payment modes the bank offers with this protocol.
	Modes []Mode
	// Credentials are the credential fields the protocol needs.
	Credentials []Field
	// Settings are the optional, non-secret protocol settings
	// (hash version, page language, ...).
	Settings []Field
	// URLs are the URL roles of the protocol, for explicit URLs; the
	// required ones must all be given when a definition lists URLs.
	URLs []Field
	// Test and Production are the bank's environments.
	Test, Production Environment
	// Currencies are the currencies the protocol accepts; nil when not
	// known (any currency the library knows is then accepted).
	Currencies []vpos.Currency
	// MaxInstallments is the largest installment count the protocol sends.
	MaxInstallments int
	// Note is a remark about the service (older platform, variant, ...).
	Note string
}

// Environment returns the environment named name (EnvTest or
// EnvProduction).
func (s Service) Environment(name string) (Environment, bool) {
	switch name {
	case EnvTest:
		return s.Test, true
	case EnvProduction:
		return s.Production, true
	}
	return Environment{}, false
}

// OffersMode reports whether m is among the Service's modes.
func (s Service) OffersMode(m Mode) bool { return slices.Contains(s.Modes, m) }

// Credential returns the credential field named name.
func (s Service) Credential(name string) (Field, bool) { return findField(s.Credentials, name) }

// Bank is one bank (or payment institution) of the directory.
type Bank struct {
	// Name is the stable identifier used in definitions and records
	// ("isbank", "garanti", "yapikredi", ...): lower case ASCII letters.
	Name string
	// DisplayName is the bank's name as Turkish users know it.
	DisplayName string
	// Aliases are other names Lookup accepts ("İşbank", "QNB", "YKB", ...).
	Aliases []string
	// Services are the bank's virtual POS services, one per protocol; the
	// first is the default, used when a definition names no protocol.
	Services []Service
}

// Protocol returns the protocol of the default service.
func (b Bank) Protocol() string { return b.Services[0].Protocol }

// Supported reports whether the default service's protocol is implemented.
func (b Bank) Supported() bool { return b.Services[0].Supported }

// Service returns the service speaking protocol; "" means the default.
// The protocol name is matched without regard to case.
func (b Bank) Service(protocol string) (Service, bool) {
	p := strings.ToLower(strings.TrimSpace(protocol))
	if p == "" {
		return b.Services[0], true
	}
	for _, s := range b.Services {
		if s.Protocol == p {
			return s, true
		}
	}
	return Service{}, false
}

// Protocols returns the protocol names of the bank's services, the default
// first.
func (b Bank) Protocols() []string {
	out := make([]string, len(b.Services))
	for i, s := range b.Services {
		out[i] = s.Protocol
	}
	return out
}

// String returns "Display Name (name)".
func (b Bank) String() string { return b.DisplayName + " (" + b.Name + ")" }

// All returns every bank of the directory, sorted by Name. The banks are
// new copies on every call: changing them changes nothing in the directory.
func All() []Bank { return directory() }

// Lookup returns the bank whose name, display name or alias matches name,
// ignoring case, spaces, punctuation and Turkish diacritics: "İşbank",
// "isbank", "ISBANK" and "Türkiye İş Bankası" all find İşbank.
func Lookup(name string) (Bank, bool) {
	key := Normalize(name)
	if key == "" {
		return Bank{}, false
	}
	for _, b := range directory() {
		if Normalize(b.Name) == key || Normalize(b.DisplayName) == key {
			return b, true
		}
		for _, a := range b.Aliases {
			if Normalize(a) == key {
				return b, true
			}
		}
	}
	return Bank{}, false
}

// Normalize folds a bank name for comparison: lower case, Turkish letters
// to their ASCII base (ı, İ → i; ş → s; ç → c; ğ → g; ö → o; ü → u), and
// everything but letters and digits dropped. "Türkiye İş Bankası" becomes
// "turkiyeisbankasi".
func Normalize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch r {
		case 'ı', 'î':
			r = 'i'
		case 'ş':
			r = 's'
		case 'ç':
			r = 'c'
		case 'ğ':
			r = 'g'
		case 'ö':
			r = 'o'
		case 'ü', 'û':
			r = 'u'
		case 'â':
			r = 'a'
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func findField(fs []Field, name string) (Field, bool) {
	for _, f := range fs {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

func fieldNames(fs []Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

func joinModes(ms []Mode) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}
