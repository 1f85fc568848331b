package garantitest

// Validation of request fields (garanti.md §3, §10, §12.2) and card masks.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// checkOrderID validates Order/OrderID: 1 to 36 letters, digits, '-', '_'
// or '.'.
func checkOrderID(id string) *gvpsError {
	if id == "" {
		return errMandatory("OrderID field must contain value because of the Mandatory Rule:null")
	}
	if len(id) > 36 {
		return errMandatory("OrderID field must be at most 36 characters")
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return gvps("0001", "Giriş yaptığınız değerleri kontrol ediniz", "OrderID field contains invalid characters")
		}
	}
	return nil
}

// parseAmount reads Transaction/Amount: whole minor units, not zero.
func parseAmount(s string) (vpos.Amount, *gvpsError) {
	if strings.Trim(s, "0") == "" {
		return 0, errMandatory("TxnAmount field must not be zero DOUBLE value because of the Mandatory Rule:zero")
	}
	if !allDigits(s) {
		return 0, errMandatory("TxnAmount field must be a whole number of minor units (10025 for 100.25)")
	}
	if len(strings.TrimLeft(s, "0")) > maxAmountDigits {
		return 0, errMandatory(fmt.Sprintf("TxnAmount field must be at most %d digits", maxAmountDigits))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errMandatory("TxnAmount field is out of range")
	}
	return vpos.Amount(n), nil
}

// terminalCurrencies are the currency codes the terminal accepts (§3).
var terminalCurrencies = map[string]vpos.Currency{
	"949": vpos.TRY, "840": vpos.USD, "978": vpos.EUR, "826": vpos.GBP, "392": vpos.JPY, "643": vpos.RUB,
}

// parseCurrency reads Transaction/CurrencyCode.
func parseCurrency(s string) (vpos.Currency, *gvpsError) {
	if s == "" {
		return "", errMandatory("CurrencyCode field must contain value because of the Mandatory Rule:null")
	}
	c, ok := terminalCurrencies[s]
	if !ok {
		return "", errMandatory(fmt.Sprintf("CurrencyCode %q is not defined for this terminal (949, 840, 978, 826, 392, 643)", clip(s)))
	}
	return c, nil
}

// parseInstallments reads Transaction/InstallmentCnt: empty (or 0, 1) for
// a single payment, else 2 to 12.
func parseInstallments(s string) (int, *gvpsError) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0 || n > 12:
		return 0, errMandatory("InstallmentCnt field must be empty or 2 to 12")
	case n <= 1:
		return 0, nil
	}
	return n, nil
}

// checkCustomerIP enforces Customer/IPAddress on authorisations (§12.2).
func checkCustomerIP(ip string) *gvpsError {
	if ip == "" {
		return errMandatory("CustomerIPAddress field must contain value because of the Mandatory Rule:null")
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip cuts a value echoed in an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// mask8 masks a PAN as Garanti's 3-D Secure replies and queries do: the
// first 8 digits, four stars, the rest up to the last 4 digits
// (40000099****0006; 37562400****036 for 15 digits, §12.3).
func mask8(pan string) string {
	if len(pan) < 13 {
		return vpos.MaskPAN(pan)
	}
	tail := len(pan) - 12
	if tail > 4 {
		return pan[:8] + strings.Repeat("*", len(pan)-12) + pan[len(pan)-4:]
	}
	return pan[:8] + "****" + pan[len(pan)-tail:]
}

// cardOutcome judges a well-formed card: expired when its MMYY is past by
// the bank's clock, else what the card book says.
func (s *Server) cardOutcome(pan, mmyy string) vpostest.Outcome {
	mm, _ := strconv.Atoi(mmyy[:2])
	yy, _ := strconv.Atoi(mmyy[2:])
	now := s.Now().In(vpos.Istanbul())
	if y := now.Year() % 100; yy < y || (yy == y && mm < int(now.Month())) {
		return vpostest.OutcomeExpired
	}
	return s.book.Outcome(pan)
}

// validExpiry reports whether s is MMYY with a month from 01 to 12.
func validExpiry(s string) bool {
	if len(s) != 4 || !allDigits(s) {
		return false
	}
	mm, _ := strconv.Atoi(s[:2])
	return mm >= 1 && mm <= 12
}
