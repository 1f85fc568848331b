package redact

import "strings"

// class is what a field name says about its value.
type class uint8

const (
	classNone   class = iota
	classPAN          // card number: first 6 + last 4
	classCVV          // card security code: "***"
	classExpiry       // card expiry: digits and letters become '*'
	classSecret       // password, store key, API secret: "***"
	classDigest       // hash, MAC, signature (or its plain input): "***"
)

// exactNames maps normalised field names (lower case, letters and digits
// only, namespace prefix dropped) to their class. The names come from the
// bank references in shared/docs/banks; the bank that uses a spelling is
// noted where it is not obvious.
var exactNames = map[string]class{
	// Card numbers.
	"number":             classPAN, // NestPay CC5Request, Garanti Card/Number
	"pan":                classPAN, // NestPay 3D form, PayFor, InterPOS, PayFlex, NestPay Extra/PAN
	"cardnumber":         classPAN, // Garanti form, Akbank JSON, Kuveyt
	"cardno":             classPAN, // Tosla, POSNET V1
	"ccno":               classPAN, // POSNET
	"creditcard":         classPAN, // Akbank 3D form
	"creditcardno":       classPAN,
	"creditcardnumber":   classPAN,
	"cardnum":            classPAN,
	"kkno":               classPAN, // Param KK_No
	"kartno":             classPAN,
	"kartnumarasi":       classPAN,
	"kredikartino":       classPAN,
	"kredikartinumarasi": classPAN,
	"maskedpan":          classPAN, // already masked by the bank; masking again is harmless
	"maskedcreditcard":   classPAN,
	"maskedcardnumber":   classPAN,
	"cardmask":           classPAN,
	"cardnumbermasked":   classPAN,

	// Card security codes ("cvv"/"cvc" anywhere in a name also count).
	"cv2":              classCVV, // NestPay 3D form
	"cvn":              classCVV,
	"securitycode":     classCVV,
	"cardsecuritycode": classCVV,
	"guvenlikkodu":     classCVV,

	// Expiry dates ("expir" or "expdate" anywhere in a name also count).
	"expires":                     classExpiry, // NestPay MM/YY
	"expmonth":                    classExpiry,
	"expyear":                     classExpiry,
	"ecompaymentcardexpdatemonth": classExpiry, // NestPay 3D form and callback
	"ecompaymentcardexpdateyear":  classExpiry,
	"kkskay":                      classExpiry, // Param KK_SK_Ay
	"kkskyil":                     classExpiry, // Param KK_SK_Yil
	"sonkullanmatarihi":           classExpiry,
	"skt":                         classExpiry,

	// Secrets ("password", "pass", "secret", "storekey", "enckey" at the end
	// of a name also count).
	"pwd":            classSecret,
	"passwd":         classSecret,
	"sifre":          classSecret,
	"parola":         classSecret,
	"storekey":       classSecret, // NestPay, Garanti 3D secure key
	"enckey":         classSecret, // POSNET ENCKEY
	"encryptionkey":  classSecret,
	"merchantkey":    classSecret,
	"apikey":         classSecret,
	"apisecret":      classSecret,
	"privatekey":     classSecret,
	"mackey":         classSecret,
	"secretkey":      classSecret, // Akbank
	"guid":           classSecret, // Param merchant key, sent in clear
	"securitydata":   classSecret, // Garanti SHA1(password + terminal): password-equivalent
	"hashedpassword": classSecret, // Kuveyt Base64(SHA1(password))

	// Hashes, MACs and signatures ("hash", "signature", "mac" at the end of a
	// name also count).
	"hash":          classDigest, // NestPay HASH, Garanti hash, Akbank, Tosla, PayFor, InterPOS
	"hashdata":      classDigest, // Garanti, Kuveyt
	"hasheddata":    classDigest, // PayFlex Common Payment
	"hashparamsval": classDigest, // NestPay/Garanti/InterPOS: the plain values that were hashed
	"securehash":    classDigest,
	"mac":           classDigest, // POSNET, POSNET V1
	"sign":          classDigest, // POSNET oosRequestData/sign, callback Sign
	"signature":     classDigest,
	"digest":        classDigest, // POSNET 3D form, NestPay callback
	"expsign":       classDigest, // PayFlex callback
	"authhash":      classDigest, // Akbank auth-hash header
}

// classify returns the class of a field name.
func classify(name string) class {
	n := normaliseName(name)
	if n == "" {
		return classNone
	}
	if c, ok := exactNames[n]; ok {
		return c
	}
	switch {
	case strings.Contains(n, "cvv"), strings.Contains(n, "cvc"):
		return classCVV // Cvv2Val, CardCVV2, cvv2, Cvc2, KK_CVC, cardcvv2
	case strings.Contains(n, "expir"), strings.Contains(n, "expdate"):
		return classExpiry // Expiry, ExpiryDate, ExpireDate, expiredDate, CardExpireDateMonth, cardexpiredateyear, expDate
	case strings.HasSuffix(n, "password"), strings.HasSuffix(n, "pass"),
		strings.HasSuffix(n, "secret"), strings.HasSuffix(n, "secretkey"),
		strings.HasSuffix(n, "storekey"), strings.HasSuffix(n, "enckey"):
		return classSecret // Password, UserPass, MerchantPass, apiPass, ProvisionPassword, MerchantPassword, CLIENT_PASSWORD
	case strings.HasSuffix(n, "hash"), strings.HasSuffix(n, "signature"), strings.HasSuffix(n, "mac"):
		return classDigest // secure3dhash, ResponseHash, Islem_Hash, TURKPOS_RETVAL_Hash, auth-hash
	case strings.HasSuffix(n, "cardnumber"), strings.HasSuffix(n, "cardno"):
		return classPAN
	}
	return classNone
}

// normaliseName lower-cases name, drops a namespace prefix ("ser:") and keeps
// only ASCII letters and digits, so "Ecom_Payment_Card_ExpDate_Month",
// "auth-hash" and "G[CLIENT_PASSWORD]" compare like identifiers.
func normaliseName(name string) string {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b.WriteByte(c)
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}
