package threed

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Model is a 3-D Secure payment model. It is string-typed so that it stays
// stable in configuration files and databases; the values are the lower-case
// names Turkish banks and libraries use ("3d", "3d_pay", "3d_host",
// "3d_pay_hosting").
type Model string

// The 3-D Secure payment models. See the package documentation for who
// captures the card and who sends the provision in each.
const (
	// Model3D is the plain 3D model ("3D Secure"): the merchant collects the
	// card, the bank authenticates the cardholder, and the merchant sends the
	// provision (the financial call) afterwards, server to server.
	Model3D Model = "3d"
	// Model3DPay is the 3D Pay model: the merchant collects the card, the
	// bank authenticates the cardholder and provisions in the same flow.
	Model3DPay Model = "3d_pay"
	// Model3DHost is the 3D Host model: the card is typed on the bank's
	// hosted page; the bank authenticates and provisions.
	Model3DHost Model = "3d_host"
	// Model3DPayHosting is the 3D Pay Hosting model ("ortak ödeme sayfası"):
	// the card is typed on the bank's hosted payment page; the bank
	// authenticates and provisions.
	Model3DPayHosting Model = "3d_pay_hosting"
)

// ErrUnknownModel is returned (wrapped) by ParseModel for a name that is not
// one of the 3-D Secure models.
var ErrUnknownModel = errors.New("threed: unknown 3-D Secure model")

// Models returns every 3-D Secure model in a stable order. The slice is new
// on every call; callers may modify it.
func Models() []Model {
	return []Model{Model3D, Model3DPay, Model3DHost, Model3DPayHosting}
}

// Valid reports whether m is one of the four 3-D Secure models.
func (m Model) Valid() bool {
	switch m {
	case Model3D, Model3DPay, Model3DHost, Model3DPayHosting:
		return true
	}
	return false
}

// BankProvisions reports whether the bank charges the card during the 3D
// flow (3d_pay, 3d_host, 3d_pay_hosting). It is false for 3d, where the
// merchant sends the provision after the callback, and for invalid models.
func (m Model) BankProvisions() bool {
	switch m {
	case Model3DPay, Model3DHost, Model3DPayHosting:
		return true
	}
	return false
}

// CardOnBankPage reports whether the cardholder types the card data on the
// bank's hosted page (3d_host, 3d_pay_hosting), so that the merchant never
// sees the card number.
func (m Model) CardOnBankPage() bool {
	switch m {
	case Model3DHost, Model3DPayHosting:
		return true
	}
	return false
}

// ParseModel returns the Model named by s. It ignores surrounding white
// space and case, and accepts '-' or ' ' in place of '_', so "3D_PAY",
// "3d-pay" and " 3d_pay " all give Model3DPay. Any other name, including
// "regular" (not a 3-D Secure model), gives an error wrapping
// ErrUnknownModel.
func ParseModel(s string) (Model, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	n = strings.NewReplacer("-", "_", " ", "_").Replace(n)
	if m := Model(n); m.Valid() {
		return m, nil
	}
	return "", fmt.Errorf("%w %q", ErrUnknownModel, truncate(s, 40))
}

// truncate shortens s to at most n bytes for use in error messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// DefaultFirst returns the models of all without repeats, def first when
// it is among them: the order a provider declares them in Features, whose
// first model is the one a ThreeDRequest without a Model gets.
func DefaultFirst(all []Model, def Model) []Model {
	out := make([]Model, 0, len(all))
	if slices.Contains(all, def) {
		out = append(out, def)
	}
	for _, m := range all {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}
