package banks

import (
	"fmt"
	"log/slog"
	"maps"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/sanalpos/vpos"
)

// Definition is one POS as a company defined it: the Go form of one entry
// of the definitions file (package terminals maps the file onto it). The
// field names in Problem paths are the file's keys, given in brackets below.
type Definition struct {
	// Company and Name label the POS ("ACME", "isbank-1"); they become
	// vpos.Options.Company and POS, so every record names them. Both are
	// optional for Open.
	Company string
	Name    string
	// Bank is the bank (bank): a name Lookup accepts ("isbank", "İşbank").
	Bank string
	// Protocol (protocol) picks one of the bank's services; empty means the
	// bank's default.
	Protocol string
	// Mode (mode) is the payment model the bank set the POS up for.
	Mode Mode
	// Environment (environment) is EnvTest or EnvProduction. It may be
	// empty when URLs are given, and then means EnvTest.
	Environment string
	// URLs (urls), keyed by the Service's URL roles ("api", "gate3d", ...),
	// replace the environment's URLs entirely when given.
	URLs map[string]string
	// Credentials (credentials), keyed by the Service's credential field
	// names ("client_id", "store_key", ...). They mask themselves when
	// printed.
	Credentials Credentials
	// Settings (settings) are optional protocol settings keyed by the
	// Service's setting names ("hash_version", "lang").
	Settings map[string]string
	// Currencies (currencies) restrict the currencies the POS accepts; nil
	// means every currency the protocol accepts.
	Currencies []vpos.Currency
	// MaxInstallments (max_installments) caps the installment count; 0
	// means the protocol's maximum and 1 means single payments only.
	MaxInstallments int
	// SourceIP (source_ip) binds outgoing connections to this local
	// address, the static IP the bank allow-lists. It becomes
	// vpos.Options.SourceIP and cannot be combined with a custom
	// vpos.Options.HTTPClient.
	SourceIP string
	// RegisteredIP (registered_ip) is the IP registered at the bank, kept
	// as information: it becomes vpos.Options.RegisteredIP, so that a
	// refusal of the merchant's IP names it beside the address the request
	// left from.
	RegisteredIP string
}

// Masked returns a deep copy of d whose secret credentials (per the
// bank's protocol; every credential not known to be public when the bank
// or protocol is unknown) read "***". Empty values stay empty, so that a
// missing secret still shows.
func (d Definition) Masked() Definition {
	d.URLs = maps.Clone(d.URLs)
	d.Settings = maps.Clone(d.Settings)
	d.Currencies = slices.Clone(d.Currencies)
	secretField := isSecretCredential
	if b, ok := Lookup(d.Bank); ok {
		if s, ok := b.Service(d.Protocol); ok {
			secretField = func(name string) bool {
				f, ok := s.Credential(name)
				return !ok || f.Secret
			}
		}
	}
	if d.Credentials != nil {
		m := make(Credentials, len(d.Credentials))
		for k, v := range d.Credentials {
			if v != "" && secretField(k) {
				v = Masked
			}
			m[k] = v
		}
		d.Credentials = m
	}
	return d
}

// Masked is what a masked secret reads.
const Masked = "***"

// Credentials are a POS's credential values keyed by field name. They mask
// themselves: String, GoString, Format and LogValue print the values of
// fields known to be public in some protocol (client_id, merchant_id,
// user, ...) and "***" for every other one, so that printing a Definition
// never shows a password or key.
type Credentials map[string]string

// String returns the credentials as "{client_id: 700655000200, password: ***}",
// keys sorted, secrets masked.
func (c Credentials) String() string {
	keys := slices.Sorted(maps.Keys(c))
	var b strings.Builder
	b.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(c.display(k))
	}
	b.WriteString("}")
	return b.String()
}

func (c Credentials) display(k string) string {
	v := c[k]
	if v != "" && isSecretCredential(k) {
		return Masked
	}
	return v
}

// GoString is String, so %#v prints no secret either.
func (c Credentials) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue implements slog.LogValuer: a group of the fields, secrets masked.
func (c Credentials) LogValue() slog.Value {
	keys := slices.Sorted(maps.Keys(c))
	attrs := make([]slog.Attr, len(keys))
	for i, k := range keys {
		attrs[i] = slog.String(k, c.display(k))
	}
	return slog.GroupValue(attrs...)
}

// publicCredentials are the credential names that are public in every
// protocol that uses them.
var publicCredentials = sync.OnceValue(func() map[string]bool {
	pub, sec := map[string]bool{}, map[string]bool{}
	for _, b := range directory() {
		for _, s := range b.Services {
			for _, f := range s.Credentials {
				if f.Secret {
					sec[f.Name] = true
				} else {
					pub[f.Name] = true
				}
			}
		}
	}
	for k := range sec {
		delete(pub, k)
	}
	return pub
})

// isSecretCredential reports whether a credential named name must be
// masked when its protocol is not known: every name but the public ones.
func isSecretCredential(name string) bool { return !publicCredentials()[name] }

// Problem is one thing wrong with a definition.
type Problem struct {
	// Path names the field at fault with the definitions file's keys:
	// "credentials.store_key", "urls.api", "currencies[1]", ... (package
	// terminals prefixes the company and POS).
	Path string
	// Message says what is wrong and what is expected. It never holds a
	// secret value.
	Message string
}

// String returns "path: message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// ValidationError lists every problem of a definition.
type ValidationError struct {
	// Name labels the definition ("ACME/isbank-1"); it may be empty.
	Name string
	// Problems are the problems, in field order.
	Problems []Problem
}

// Error returns "banks: invalid definition NAME: p1; p2; ...".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("banks: invalid definition")
	if e.Name != "" {
		b.WriteString(" ")
		b.WriteString(e.Name)
	}
	b.WriteString(": ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

type problems []Problem

func (ps *problems) add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Validate returns a *ValidationError listing every problem Check finds,
// or nil.
func (d Definition) Validate() error {
	if ps := Check(d); len(ps) > 0 {
		return &ValidationError{Name: d.label(), Problems: ps}
	}
	return nil
}

func (d Definition) label() string {
	switch {
	case d.Company != "" && d.Name != "":
		return d.Company + "/" + d.Name
	case d.Name != "":
		return d.Name
	}
	return d.Company
}

// Check returns every problem of d at once, each with its path and what
// is expected: unknown bank or protocol, mode not offered by the bank,
// missing or unknown environment, malformed or unknown URLs, missing or
// unknown credential fields for the bank's protocol, unknown settings,
// unknown or unaccepted currencies, an installment limit out of range and
// malformed IP addresses. For implemented protocols it also runs the
// protocol's own Config.Validate. It never echoes a secret. A bank whose
// protocol is not implemented yet is checked like any other (Open refuses
// it with ErrNotSupportedYet).
func Check(d Definition) []Problem {
	var ps problems
	b, svc, known := resolve(d, &ps)
	checkMode(d, b, svc, known, &ps)
	checkEnvironment(d, b, svc, known, &ps)
	checkCredentials(d, svc, known, &ps)
	checkSettings(d, svc, known, &ps)
	checkCurrencies(d, svc, known, &ps)
	if d.MaxInstallments < 0 {
		ps.add("max_installments", "must not be negative; 0 means the protocol's maximum, 1 single payments only")
	} else if known && svc.MaxInstallments > 0 && d.MaxInstallments > svc.MaxInstallments {
		ps.add("max_installments", "%d exceeds the %s protocol's maximum of %d", d.MaxInstallments, svc.Protocol, svc.MaxInstallments)
	}
	checkIP("source_ip", d.SourceIP, &ps)
	checkIP("registered_ip", d.RegisteredIP, &ps)
	if len(ps) == 0 && known && svc.Supported {
		dryRun(d, b, svc, &ps)
	}
	return ps
}

// resolve finds the bank and service of d, recording what is wrong.
func resolve(d Definition, ps *problems) (Bank, Service, bool) {
	name := strings.TrimSpace(d.Bank)
	if name == "" {
		ps.add("bank", "missing; expected one of: %s", strings.Join(bankNames(), ", "))
		return Bank{}, Service{}, false
	}
	b, ok := Lookup(name)
	if !ok {
		ps.add("bank", "%q is not a bank the library knows; expected one of: %s", name, strings.Join(bankNames(), ", "))
		return Bank{}, Service{}, false
	}
	s, ok := b.Service(d.Protocol)
	if !ok {
		ps.add("protocol", "%q is not a protocol of %s; expected one of: %s", strings.TrimSpace(d.Protocol), b.DisplayName, strings.Join(b.Protocols(), ", "))
		return b, Service{}, false
	}
	return b, s, true
}

func bankNames() []string {
	var out []string
	for _, b := range directory() {
		out = append(out, b.Name)
	}
	return out
}

func checkMode(d Definition, b Bank, s Service, known bool, ps *problems) {
	offered := Modes()
	if known {
		offered = s.Modes
	}
	if strings.TrimSpace(string(d.Mode)) == "" {
		ps.add("mode", "missing; expected one of: %s", joinModes(offered))
		return
	}
	m, err := ParseMode(string(d.Mode))
	if err != nil {
		ps.add("mode", "%q is not a mode; expected one of: %s", string(d.Mode), joinModes(offered))
		return
	}
	if known && !s.OffersMode(m) {
		ps.add("mode", "%s is not offered by %s with the %s protocol; expected one of: %s", m, b.DisplayName, s.Protocol, joinModes(offered))
	}
}

// envName returns the normalised environment name of d.
func (d Definition) envName() string { return strings.ToLower(strings.TrimSpace(d.Environment)) }

func checkEnvironment(d Definition, b Bank, s Service, known bool, ps *problems) {
	env := d.envName()
	switch {
	case env == "" && len(d.URLs) == 0:
		ps.add("environment", "missing; expected %s or %s, or explicit urls", EnvTest, EnvProduction)
	case env != "" && env != EnvTest && env != EnvProduction:
		ps.add("environment", "%q is not %s or %s", d.Environment, EnvTest, EnvProduction)
	case env != "" && len(d.URLs) == 0 && known && s.Supported:
		e, _ := s.Environment(env)
		for _, f := range s.URLs {
			if !f.Optional && e.URLs[f.Name] == "" {
				ps.add("environment", "%s has no known %s %s URL for the %s protocol; give explicit urls", b.DisplayName, env, f.Name, s.Protocol)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(d.URLs)) {
		path := "urls." + k
		if known {
			if _, ok := findField(s.URLs, k); !ok {
				ps.add(path, "not a URL role of the %s protocol; expected one of: %s", s.Protocol, fieldNames(s.URLs))
				continue
			}
		}
		if !absoluteHTTPURL(d.URLs[k]) {
			ps.add(path, "must be an absolute http or https URL without user info or fragment")
		}
	}
	if len(d.URLs) > 0 && known && s.Supported {
		for _, f := range s.URLs {
			if _, ok := d.URLs[f.Name]; !ok && !f.Optional {
				ps.add("urls."+f.Name, "missing; expected the %s (explicit urls replace the environment's)", f.Description)
			}
		}
	}
}

func absoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && s == strings.TrimSpace(s) && (u.Scheme == "http" || u.Scheme == "https") &&
		u.Host != "" && u.User == nil && u.Fragment == ""
}

func checkCredentials(d Definition, s Service, known bool, ps *problems) {
	if !known {
		return
	}
	for _, f := range s.Credentials {
		v, ok := d.Credentials[f.Name]
		switch {
		case (!ok || strings.TrimSpace(v) == "") && !f.Optional:
			ps.add("credentials."+f.Name, "missing; expected the %s", f.Description)
		case !f.Secret && v != strings.TrimSpace(v):
			ps.add("credentials."+f.Name, "has leading or trailing spaces")
		case v != "" && len(f.Values) > 0 && !containsFold(f.Values, v):
			if f.Secret {
				ps.add("credentials."+f.Name, "is not one of the accepted values")
			} else {
				ps.add("credentials."+f.Name, "%q is not one of: %s", v, strings.Join(f.Values, ", "))
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(d.Credentials)) {
		if _, ok := s.Credential(k); !ok {
			ps.add("credentials."+k, "not a credential of the %s protocol; expected: %s", s.Protocol, fieldNames(s.Credentials))
		}
	}
}

func checkSettings(d Definition, s Service, known bool, ps *problems) {
	if !known {
		return
	}
	for _, k := range slices.Sorted(maps.Keys(d.Settings)) {
		f, ok := findField(s.Settings, k)
		switch {
		case !ok && len(s.Settings) == 0:
			ps.add("settings."+k, "the %s protocol has no settings", s.Protocol)
		case !ok:
			ps.add("settings."+k, "not a setting of the %s protocol; expected one of: %s", s.Protocol, fieldNames(s.Settings))
		case d.Settings[k] != "" && len(f.Values) > 0 && !containsFold(f.Values, d.Settings[k]):
			ps.add("settings."+k, "%q is not one of: %s", d.Settings[k], strings.Join(f.Values, ", "))
		}
	}
}

func containsFold(vs []string, v string) bool {
	v = strings.TrimSpace(v)
	for _, x := range vs {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

func checkCurrencies(d Definition, s Service, known bool, ps *problems) {
	seen := map[vpos.Currency]bool{}
	for i, c := range d.Currencies {
		path := fmt.Sprintf("currencies[%d]", i)
		cur, err := vpos.ParseCurrency(string(c))
		switch {
		case err != nil:
			ps.add(path, "%q is not a currency the library knows; expected an ISO 4217 code such as TRY, USD or EUR", string(c))
		case seen[cur]:
			ps.add(path, "%s is listed twice", cur)
		case known && s.Currencies != nil && !slices.Contains(s.Currencies, cur):
			ps.add(path, "%s is not accepted by the %s protocol; expected one of: %s", cur, s.Protocol, joinCurrencies(s.Currencies))
		}
		seen[cur] = true
	}
}

func joinCurrencies(cs []vpos.Currency) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

func checkIP(path, v string, ps *problems) {
	if v == "" {
		return
	}
	a, err := netip.ParseAddr(v)
	switch {
	case err != nil:
		ps.add(path, "%q is not an IP address", v)
	case a.IsUnspecified() || a.IsMulticast():
		ps.add(path, "%s is not a unicast address", v)
	}
}

// normalized returns d with its mode, environment and currencies in
// canonical form; it assumes Check found no problem with them.
func (d Definition) normalized() Definition {
	if m, err := ParseMode(string(d.Mode)); err == nil {
		d.Mode = m
	}
	d.Environment = d.envName()
	if d.Currencies != nil {
		cs := make([]vpos.Currency, len(d.Currencies))
		for i, c := range d.Currencies {
			cs[i], _ = vpos.ParseCurrency(string(c))
		}
		d.Currencies = cs
	}
	return d
}

// endpoint returns the URLs d uses and whether they are a test system.
func (d Definition) endpoint(s Service) (map[string]string, bool) {
	env := d.envName()
	if len(d.URLs) > 0 {
		return d.URLs, env != EnvProduction
	}
	e, _ := s.Environment(env)
	return e.URLs, env == EnvTest
}
